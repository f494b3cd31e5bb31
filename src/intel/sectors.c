#include "sectors.h"

#include <string.h>

/* The 19 sectors are those the seeds list for the cross-sector risk assessment
 * (通信、放送、金融、航空、鉄道、電力、ガス、上水道、物流、クレジット、行政サービス、
 * 下水道、空港、道路・海上・航空交通管制、緊急通報、気象・災害情報、出入国管理、
 * 高速道路、熱供給: "計19分野"). */
static const fk_sector sectors[] = {
    {"telecom", "通信", "Telecommunications", true},
    {"broadcasting", "放送", "Broadcasting", true},
    {"finance", "金融", "Finance", true},
    {"aviation", "航空", "Aviation", true},
    {"railway", "鉄道", "Railways", true},
    {"electricity", "電力", "Electric power", true},
    {"gas", "ガス", "Gas", true},
    {"water", "上水道", "Water supply", true},
    {"logistics", "物流", "Logistics", true},
    {"credit", "クレジット", "Credit cards", true},
    {"administrative-services", "行政サービス（地方自治体）",
     "Administrative services (local government)", true},
    {"sewerage", "下水道", "Sewerage", true},
    {"airports", "空港", "Airports", true},
    {"traffic-control", "道路・海上・航空交通管制", "Road, maritime and air traffic control", true},
    {"emergency-calls", "緊急通報", "Emergency calls", true},
    {"weather-disaster", "気象・災害情報", "Weather and disaster information", true},
    {"immigration", "出入国管理", "Immigration control", true},
    {"expressways", "高速道路", "Expressways", true},
    {"heat-supply", "熱供給", "Heat supply", true},
    {"central-government", "中央省庁", "Central government", false},
    {"independent-agency", "独立行政法人", "Independent administrative agencies", false},
    {"local-government", "地方公共団体", "Local government", false},
    {"academia", "大学・研究機関", "Universities and research", false},
    {"security-vendor", "セキュリティベンダー", "Security vendors", false},
    {"centre", "センター", "The centre (NISC / GSOC)", false},
};

size_t fk_sector_count(void)
{
    return sizeof sectors / sizeof sectors[0];
}

const fk_sector *fk_sector_at(size_t i)
{
    return i < fk_sector_count() ? &sectors[i] : NULL;
}

const fk_sector *fk_sector_find(const char *code)
{
    for (size_t i = 0; i < fk_sector_count(); i++)
        if (strcmp(sectors[i].code, code) == 0)
            return &sectors[i];
    return NULL;
}
