#include "sectors.h"

#include <string.h>

/* 重要インフラ: 14 sectors since the 2018 action plan (サイバーセキュリティ戦略本部,
 * 重要インフラの情報セキュリティ対策に係る第4次行動計画). Policy changes them; the centre
 * edits its copy. Codes shared with the Tokyo list mean the same field. */
static const fk_sector ci_2018[] = {
    {"telecom", "情報通信", "Information and communications", true},
    {"finance", "金融", "Finance", true},
    {"aviation", "航空", "Aviation", true},
    {"airports", "空港", "Airports", true},
    {"railway", "鉄道", "Railways", true},
    {"electricity", "電力", "Electric power", true},
    {"gas", "ガス", "Gas", true},
    {"government-services", "政府・行政サービス", "Government and administrative services", true},
    {"medical", "医療", "Medical services", true},
    {"water", "水道", "Water", true},
    {"logistics", "物流", "Logistics", true},
    {"chemical", "化学", "Chemicals", true},
    {"credit", "クレジット", "Credit cards", true},
    {"petroleum", "石油", "Petroleum", true},
};

/* The 19 important-service fields the seeds list for the Tokyo 2020 cross-sector risk
 * assessment (通信、放送、金融、航空、鉄道、電力、ガス、上水道、物流、クレジット、
 * 行政サービス、下水道、空港、道路・海上・航空交通管制、緊急通報、気象・災害情報、出入国管理、
 * 高速道路、熱供給: "計19分野"). Not the critical-infrastructure sectors. */
static const fk_sector tokyo_2020[] = {
    {"telecom", "通信", "Telecommunications", false},
    {"broadcasting", "放送", "Broadcasting", false},
    {"finance", "金融", "Finance", false},
    {"aviation", "航空", "Aviation", false},
    {"railway", "鉄道", "Railways", false},
    {"electricity", "電力", "Electric power", false},
    {"gas", "ガス", "Gas", false},
    {"water", "上水道", "Water supply", false},
    {"logistics", "物流", "Logistics", false},
    {"credit", "クレジット", "Credit cards", false},
    {"administrative-services", "行政サービス（地方自治体）",
     "Administrative services (local government)", false},
    {"sewerage", "下水道", "Sewerage", false},
    {"airports", "空港", "Airports", false},
    {"traffic-control", "道路・海上・航空交通管制", "Road, maritime and air traffic control",
     false},
    {"emergency-calls", "緊急通報", "Emergency calls", false},
    {"weather-disaster", "気象・災害情報", "Weather and disaster information", false},
    {"immigration", "出入国管理", "Immigration control", false},
    {"expressways", "高速道路", "Expressways", false},
    {"heat-supply", "熱供給", "Heat supply", false},
};

static const fk_sector other[] = {
    {"central-government", "中央省庁", "Central government", false},
    {"independent-agency", "独立行政法人", "Independent administrative agencies", false},
    {"local-government", "地方公共団体", "Local government", false},
    {"academia", "大学・研究機関", "Universities and research", false},
    {"security-vendor", "セキュリティベンダー", "Security vendors", false},
    {"centre", "センター", "The centre (NISC / GSOC)", false},
};

#define LIST(a) a, sizeof a / sizeof a[0]
static const fk_sector_list lists[] = {
    {"ci-2018", "Critical-infrastructure sectors (14, action plan of 2018)", LIST(ci_2018)},
    {"tokyo2020", "Important-service fields of the Tokyo 2020 risk assessment (19)",
     LIST(tokyo_2020)},
    {"other", "Other members: government, academia, vendors, the centre", LIST(other)},
};

const fk_sector_list *fk_sector_lists(size_t *count)
{
    *count = sizeof lists / sizeof lists[0];
    return lists;
}

const fk_sector *fk_sector_find(const char *code)
{
    for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
        for (size_t i = 0; i < lists[l].count; i++)
            if (strcmp(lists[l].sectors[i].code, code) == 0)
                return &lists[l].sectors[i];
    return NULL;
}
