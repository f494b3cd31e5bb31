#include "normalise.h"
#include "webbody.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static fk_webbody *b;

static void setup(void)
{
    cr_assert_not_null(b = fk_webbody_new());
}

static void teardown(void)
{
    fk_webbody_free(b);
}

TestSuite(webbody, .init = setup, .fini = teardown);

/* The body as detection reads it: "form:<text>" or "raw:<text>". */
static const char *read_body(const char *body)
{
    static char out[4096];
    fk_webbody_view v;
    cr_assert_eq(fk_webbody_read(b, body, strlen(body), &v), 0);
    snprintf(out, sizeof out, "%s:%.*s", v.shape == FK_WEBBODY_FORM ? "form" : "raw", (int)v.text.n,
             v.text.p);
    return out;
}

Test(webbody, a_form_is_read_as_it_is)
{
    cr_assert_str_eq(read_body("user=bob&pass=x%27y"), "form:user=bob&pass=x%27y");
    cr_assert_str_eq(read_body("just some text"), "raw:just some text");
    cr_assert_str_eq(read_body("a b=c"), "raw:a b=c", "a name has no blank");
    cr_assert_str_eq(read_body("pay%3Dor+1%3D1"), "form:pay%3Dor+1%3D1",
                     "written as a form encoder writes, its '=' encoded");
    cr_assert_str_eq(read_body("plain"), "raw:plain");
}

Test(webbody, json_members_become_parameters_exactly)
{
    cr_assert_str_eq(read_body("{\"q\":\"a&b=c%d+e\",\"n\":3,\"ok\":true,\"x\":null}"),
                     "form:q=a%26b%3Dc%25d%2Be&n=3&ok=true&x=");
    cr_assert_str_eq(read_body("{\"user\":{\"name\":\"x\"},\"tags\":[\"a\",\"b\"]}"),
                     "form:user=&name=x&tags=&tags=a&tags=b",
                     "a key holding an object or array is read as a name too");
    cr_assert_str_eq(read_body(" [1, \"two\"]"), "form:=1&=two");
    cr_assert_str_eq(read_body("{\"__proto__\":{\"admin\":1}}"), "form:__proto__=&admin=1");
    cr_assert_str_eq(read_body("{\"a\":\"line\\nbreak\"}"), "form:a=line%0Abreak");
    cr_assert_str_eq(read_body("{\"cut\": \"short"), "raw:{\"cut\": \"short",
                     "a document the logger cut short is one value");
    /* newline-delimited JSON (Elasticsearch's _bulk, Sentry's envelopes): document by
     * document; anything after a document that is not one keeps the body whole */
    cr_assert_str_eq(read_body("{\"index\":{\"_index\":\"logs\"}}\n{\"message\":\"a b\"}\n"),
                     "form:index=&_index=logs&message=a b");
    cr_assert_str_eq(read_body("{\"a\":1}\n' or 1=1"), "raw:{\"a\":1}\n' or 1=1");
    cr_assert_str_eq(read_body("{\"a\":1}\n{\"b\": \"cut"), "raw:{\"a\":1}\n{\"b\": \"cut");
}

Test(webbody, xml_text_attributes_and_names_become_parameters)
{
    cr_assert_str_eq(read_body("<?xml version=\"1.0\"?><user id=\"7\"><name>bob</name>"
                               "<note><![CDATA[1' or '1'='1]]></note></user>"),
                     "form:user=&id=7&name=bob&note=1' or '1'%3D'1");
    cr_assert_str_eq(read_body("<map><java.lang.ProcessBuilder><command>id</command>"
                               "</java.lang.ProcessBuilder></map>"),
                     "form:map=&java.lang.ProcessBuilder=&command=id");
    fk_webbody_view v;
    const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM "
                      "\"file:///etc/passwd\">]><a>&x;</a>";
    cr_assert_eq(fk_webbody_read(b, xxe, strlen(xxe), &v), 0);
    cr_assert(v.xml, "the document stays available for its DTD");
    cr_assert_eq(v.document.n, strlen(xxe));
    cr_assert_str_eq(read_body("<b>not closed"), "raw:<b>not closed",
                     "markup that is no document is read whole");
    cr_assert_str_eq(read_body("<?xml version=\"1.0\"?><a><b>Rice & Beans</b><c>cut sh"),
                     "form:a=&b=Rice  Beans&c=cut sh", /* libxml2 drops the stray & */
                     "a declared document is read though a client or the logger broke it");
}

Test(webbody, multipart_parts_by_their_names)
{
    const char *mp = "--XyZ\r\n"
                     "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
                     "Hello\r\n"
                     "--XyZ\r\n"
                     "Content-Disposition: form-data; name=\"up\"; filename=\"../../x.php\"\r\n"
                     "Content-Type: text/plain\r\n\r\n"
                     "<?php system($_GET[1]); ?>\r\n"
                     "--XyZ--\r\n";
    cr_assert_str_eq(read_body(mp),
                     "form:title=Hello&filename=../../x.php&file-text=<?php system($_GET[1]); ?>",
                     "a file's text under its own name, whatever the part's");
    cr_assert_str_eq(read_body("--ab\nContent-Disposition: form-data; name=a\n\nx\n--ab--\n"),
                     "form:a=x", "bare line feeds and an unquoted name");
    cr_assert_str_eq(read_body("-- not multipart"), "raw:-- not multipart");
    cr_assert_str_eq(
        read_body("--B\nContent-Disposition: form-data; name=\"p\"; filename=\"a.png\"\n\n"
                  "\x89PNG\r\n\x1a\n'or 1=1--\n--B--\n"),
        "form:filename=a.png&file-text=", "a binary file is read by its name alone");
}

Test(webbody, cookies_pair_by_pair)
{
    fk_str out;
    const char *c = "sid=abc; theme=dark;x=1";
    cr_assert_eq(fk_webbody_cookies(b, c, strlen(c), &out), 0);
    cr_assert_eq(out.n, strlen("sid=abc&theme=dark&x=1"));
    cr_assert(!memcmp(out.p, "sid=abc&theme=dark&x=1", out.n));
}

Test(webbody, bodies_are_read_up_to_a_bound)
{
    size_t n = FK_WEBBODY_READ_MAX + 100;
    char *big = malloc(n + 1);
    cr_assert_not_null(big);
    memset(big, 'a', n);
    memcpy(big, "x=", 2);
    big[n] = '\0';
    fk_webbody_view v;
    cr_assert_eq(fk_webbody_read(b, big, n, &v), 0);
    cr_assert_eq(v.text.n, FK_WEBBODY_READ_MAX);
    free(big);
}

Test(webbody, secret_values_are_withheld)
{
    char out[256];
    const char *t = "user=bob&password=x&new_Password=y&api_key=k&PHPSESSID=s&page=2";
    size_t n = fk_webbody_withhold(t, strlen(t), 0, out, sizeof out);
    cr_assert_str_eq(out, "user=bob&password=(withheld)&new_Password=(withheld)&api_key=(withheld)"
                          "&PHPSESSID=(withheld)&page=2");
    cr_assert_eq(n, strlen(out));
    cr_assert(fk_webbody_secret_name("csrf_token", 10));
    cr_assert_not(fk_webbody_secret_name("passage", 7), "a word that only begins like one");
    cr_assert_not(fk_webbody_secret_name("comment", 7));
    cr_assert_eq(fk_webbody_withhold(t, strlen(t), 0, out, 8), 7, "cut to the buffer");
    /* a form copied out of HTML, its separators escaped: the names after them are still
     * secrets' names, and each separator is shown as it was sent */
    t = "user=bob&amp;pin=8812&amp;amp;token=k&";
    fk_webbody_withhold(t, strlen(t), 0, out, sizeof out);
    cr_assert_str_eq(out, "user=bob&amp;pin=(withheld)&amp;amp;token=(withheld)&");
    /* decoded as the steps say, but split where it was sent: the '&' of a password
     * (%26) stays inside the withheld value, an encoded secret name is still one */
    t = "Pass%77ord=a%26b=c&q=%27%20or%201";
    fk_webbody_withhold(t, strlen(t), FK_NORM_URL | FK_NORM_LOWER, out, sizeof out);
    cr_assert_str_eq(out, "password=(withheld)&q=' or 1");
    cr_assert_eq(fk_webbody_withhold("", 0, 0, out, sizeof out), 0);
    cr_assert_str_eq(out, "");
}

/* The file name of an upload a web server would run: every extension counts (x.php.jpg
 * runs as PHP under Apache's mod_mime), blanks trimmed, and the files that change how a
 * directory runs. */
Test(webbody, uploaded_scripts_are_named)
{
    const char *names[][2] = {
        {"shell.php", "1"},      {"x.PHP5", "1"},     {"a.php.jpg", "1"}, {"test. php.jpg", "1"},
        {"cmd.jsp", "1"},        {"up.aspx", "1"},    {".htaccess", "1"}, {"dir\\web.config", "1"},
        {"photo.jpg", "0"},      {"report.pdf", "0"}, {"php.png", "0"},   {"notes.txt", "0"},
        {"archive.tar.gz", "0"}, {"写真.png", "0"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char body[512];
        snprintf(body, sizeof body,
                 "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"%s\"\r\n\r\n"
                 "data\r\n--B--\r\n",
                 names[i][0]);
        fk_webbody_view v;
        cr_assert_eq(fk_webbody_read(b, body, strlen(body), &v), 0);
        cr_assert_eq(v.script_upload.n > 0, names[i][1][0] == '1', "%s", names[i][0]);
    }
}

/* An HL7 v2 message: each component under its segment and field; the format's own
 * declaration (MSH-1, MSH-2) is no value; anything that is not one, segment by segment,
 * is read as any body. */
Test(webbody, hl7_v2_components_become_parameters)
{
    cr_assert_str_eq(read_body("MSH|^~\\&|HIS|KOBE|||202401010000||ADT^A01|7|P|2.5\r"
                               "PID|1||123^^^KOBE^MR||O'BRIEN^SEAN~SMITH&JR\r"),
                     "form:MSH-3=HIS&MSH-4=KOBE&MSH-7=202401010000&MSH-9=ADT&MSH-9=A01&MSH-10=7&"
                     "MSH-11=P&MSH-12=2.5&PID-1=1&PID-3=123&PID-3=KOBE&PID-3=MR&"
                     "PID-5=O'BRIEN&PID-5=SEAN&PID-5=SMITH&PID-5=JR");
    cr_assert_str_eq(read_body("MSH|^~\\&|A\nOBX|1|ST|x||a b\n"),
                     "form:MSH-3=A&OBX-1=1&OBX-2=ST&OBX-3=x&OBX-5=a b", "'\\n' between segments");
    cr_assert_str_eq(read_body("MSH|^~\\&|A\rnot a segment; id\r"),
                     "raw:MSH|^~\\&|A\rnot a segment; id\r");
    cr_assert_str_eq(read_body("MSH|x; cat /etc/passwd"), "raw:MSH|x; cat /etc/passwd");
}
