/* Benchmark data generator (deterministic):
 *   fk-bench-gen log LINES FILE       combined access log; about 1 line in 1000 comes
 *                                     from a listed address or has a listed referrer
 *   fk-bench-gen iocs COUNT FILE [ips|domains|mixed]
 *                                     indicator list; list i is a prefix of every longer
 *                                     list, so the log's hits are in all of them */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* The i-th listed address and domain; the log draws from the first 1000 of each. */
static void ioc_ip(uint64_t i, char *buf, size_t cap)
{
    uint64_t h = mix(i * 2 + 1);
    snprintf(buf, cap, "%u.%u.%u.%u", 11 + (unsigned)(h % 200), (unsigned)(h >> 8) & 255,
             (unsigned)(h >> 16) & 255, 1 + (unsigned)((h >> 24) % 254));
}

static void ioc_domain(uint64_t i, char *buf, size_t cap)
{
    static const char *const tlds[] = {"com", "net", "org", "info", "xyz", "top", "ru", "cn"};
    uint64_t h = mix(i * 2 + 2);
    static const char al[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char label[16];
    int n = 6 + (int)(h % 8);
    for (int k = 0; k < n; k++)
        label[k] = al[(h >> (k * 5)) % 36];
    label[n] = '\0';
    snprintf(buf, cap, "%s-%llu.%s", label, (unsigned long long)(i % 100000), tlds[(h >> 50) % 8]);
}

static int gen_iocs(uint64_t count, const char *path, const char *mode)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return perror(path), 2;
    char buf[128];
    for (uint64_t i = 0; i < count; i++) {
        bool ip = !strcmp(mode, "ips") || (!strcmp(mode, "mixed") && i % 2 == 0);
        uint64_t k = !strcmp(mode, "mixed") ? i / 2 : i;
        if (ip)
            ioc_ip(k, buf, sizeof buf);
        else
            ioc_domain(k, buf, sizeof buf);
        fprintf(f, "%s\n", buf);
    }
    return fclose(f) ? 2 : 0;
}

static int gen_log(uint64_t lines, const char *path)
{
    static const char *const pages[] = {"/",
                                        "/index.html",
                                        "/news/2024/05/01/notice.html",
                                        "/css/site.css",
                                        "/js/app.min.js",
                                        "/img/banner.jpg",
                                        "/search",
                                        "/contact",
                                        "/api/v1/items",
                                        "/products/detail"};
    static const char *const agents[] = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    FILE *f = fopen(path, "w");
    if (!f)
        return perror(path), 2;
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    char ip[64], ref[256];
    uint64_t sec = 0;
    for (uint64_t i = 0; i < lines; i++) {
        uint64_t h = mix(i + 0x5151);
        sec += (h >> 60) & 1;
        if (h % 1000 == 7)
            ioc_ip((h >> 10) % 1000, ip, sizeof ip);
        else
            snprintf(ip, sizeof ip, "%u.%u.%u.%u", 1 + (unsigned)((h >> 8) % 223),
                     (unsigned)(h >> 16) & 255, (unsigned)(h >> 24) & 255,
                     1 + (unsigned)((h >> 32) % 254));
        unsigned r = (unsigned)((h >> 40) % 1000);
        if (r == 3) {
            char d[128];
            ioc_domain((h >> 12) % 1000, d, sizeof d);
            snprintf(ref, sizeof ref, "http://www.%s/landing?id=%u", d, (unsigned)(h % 9973));
        } else if (r < 300) {
            snprintf(ref, sizeof ref, "https://www.example.jp%s", pages[(h >> 20) % 10]);
        } else if (r < 400) {
            snprintf(ref, sizeof ref, "https://www.google.com/search?q=item%u",
                     (unsigned)(h % 100000));
        } else {
            snprintf(ref, sizeof ref, "-");
        }
        unsigned day = 1 + (unsigned)(sec / 86400 % 28);
        fprintf(f,
                "%s - - [%02u/%s/2024:%02u:%02u:%02u +0900] \"GET %s?p=%u HTTP/1.1\" %u %u \"%s\" "
                "\"%s\"\n",
                ip, day, mon[4], (unsigned)(sec / 3600 % 24), (unsigned)(sec / 60 % 60),
                (unsigned)(sec % 60), pages[(h >> 4) % 10], (unsigned)(h % 1000),
                (h >> 50) % 20 == 0 ? 404u : 200u, 200 + (unsigned)((h >> 28) % 50000), ref,
                agents[(h >> 56) % 4]);
    }
    return fclose(f) ? 2 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "log"))
        return gen_log(strtoull(argv[2], NULL, 10), argv[3]);
    if (argc >= 4 && !strcmp(argv[1], "iocs"))
        return gen_iocs(strtoull(argv[2], NULL, 10), argv[3], argc > 4 ? argv[4] : "mixed");
    fprintf(stderr, "usage: fk-bench-gen log LINES FILE | iocs COUNT FILE [ips|domains|mixed]\n");
    return 2;
}
