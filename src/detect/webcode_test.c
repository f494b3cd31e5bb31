#include "webcode.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static bool code(const char *v)
{
    const char *why = NULL;
    bool hit = fk_webcode_read(v, strlen(v), FK_WS_PARAM, &why);
    cr_assert(!hit || why);
    return hit;
}

Test(webcode, python_ruby_perl_and_node)
{
    cr_assert(code("''.__class__.__mro__[1].__subclasses__()"));
    cr_assert(code("__import__('os').popen('id').read()"));
    cr_assert(code("import os;os.system('id')"));
    cr_assert(code("subprocess.check_output(['id'])"));
    cr_assert(code("io.popen('id').read"));
    cr_assert(code("%x(id)"));
    cr_assert(code("print qx{id}"));
    cr_assert(code("@{[ system 'id' ]}"));
    cr_assert(code("open(f, \"|id\")"));
    cr_assert(code("{\"rce\":\"_$$nd_func$$_function(){}()\"}"));
    cr_assert(code("this.constructor.constructor('return process')()"));
    cr_assert(code("while(true){}"));
    cr_assert(code("\"id\".execute().text")); /* Groovy */
    cr_assert(code("['sh','-c','id'].execute()"));
}

Test(webcode, templates_that_evaluate)
{
    cr_assert(code("{{7*7}}"));
    cr_assert(code("{{{42*42}}}")); /* Handlebars' triple stash (SecLists' list) */
    cr_assert(code("{{~7*7~}}"));
    cr_assert_not(code("{{{body}}}"));
    cr_assert(code("${7*'7'}"));
    cr_assert(code("{{config.items()}}"));
    cr_assert(code("{{ self._templatereference__context.cycler }}"));
    cr_assert(code("{% import os %}"));
    cr_assert(code("<%= `id` %>"));
    cr_assert(code("<#assign ex=\"freemarker.template.utility.execute\"?new()>"));
    cr_assert(code("#set($x = 1)"));
    cr_assert(code("@(7*7)"));
    cr_assert(code("<%= 7*7 %>"));
    cr_assert(code("#{session.setattribute(\"a\",\"b\")}"));
    cr_assert(code("{{dump(app)}}"));                     /* Twig's dump of every variable */
    cr_assert(code("{{'a'.touppercase()}}"));             /* a literal's method called */
    cr_assert(code("[#assign ex='x'?new()]${ex('id')}")); /* FreeMarker's bracket syntax */
    cr_assert(code("{$smarty.version}"));
    /* server-side and edge-side includes */
    cr_assert(code("<!--#include virtual=\"/etc/passwd\" -->"));
    cr_assert(code("x<!--#echo var=\"document_root\" -->"));
    cr_assert(code("<!--# printenv -->"));
    cr_assert(code("<esi:include src=\"http://x.example/\"/>"));
    cr_assert(code("<esi:debug/>"));
}

Test(webcode, everyday_values_stay_quiet)
{
    cr_assert_not(code("{{campaign.name}}")); /* a placeholder never filled in */
    cr_assert_not(code("${price}"));
    cr_assert_not(code("#{user.name}"));
    cr_assert_not(code("/pkg/__init__.py"));
    cr_assert_not(code("how to use python eval safely"));
    cr_assert_not(code("photos.exec summary"));
    cr_assert_not(code("[[main page]]"));
    cr_assert_not(code("2024-05-01 to 2024-05-31"));
    cr_assert_not(code("open (9am-5pm)"));
    cr_assert_not(code("stmt.execute(query) returns a boolean"));
    cr_assert_not(code("handlers[name].execute(args)"));
    cr_assert_not(code("jobs['nightly'].execute()"));
    cr_assert_not(code("<!--#header-->")); /* a comment, no directive */
    cr_assert_not(code("<esi:foo>"));
    cr_assert_not(code("{$price} each")); /* a Smarty placeholder left unfilled */
    cr_assert_not(code("[#section-2] notes"));
    cr_assert_not(code("{{ 'a'.label }}"));
}

/* A value is a slice, not a string: the readers stop at its end (a fuzzer found
 * "<#as" at the end of a buffer read past it). */
Test(webcode, values_are_read_within_their_length)
{
    char *v = malloc(6);
    memcpy(v, "x <#as", 6); /* under ASan, reading "assign" past the end is an error */
    const char *why = NULL;
    cr_assert_not(fk_webcode_read(v, 6, FK_WS_PARAM, &why));
    free(v);
    static const char nul[] = "{{1\0 2}}"; /* a NUL is no operator */
    cr_assert_not(fk_webcode_read(nul, sizeof nul - 1, FK_WS_PARAM, &why));
}

Test(webcode, templates_in_a_header)
{
    const char *why = NULL;
    static const char ua[] = "mozilla/5.0 {{7*7}}";
    cr_assert(fk_webcode_read(ua, strlen(ua), FK_WS_HEADER, &why));
    static const char browser[] = "mozilla/5.0 (windows nt 10.0; win64; x64) applewebkit/537.36 "
                                  "(khtml, like gecko) chrome/124.0 safari/537.36 [fban/fbios]";
    cr_assert_not(fk_webcode_read(browser, strlen(browser), FK_WS_HEADER, &why));
}

/* Classic ASP's objects, as the probes of an ASP eval injection call them (fuzzdb's
 * UnixAttacks list, scanners' Response.Write of a product); the words alone in prose,
 * or a longer name, stay quiet. */
Test(webcode, classic_asp_objects_called)
{
    cr_assert(code("response.write(9347655*9347655)"));
    cr_assert(code(":response.write 111111"));
    cr_assert(code("x\";response.write \"ok\""));
    cr_assert(code("set o=createobject(\"wscript.shell\")"));
    cr_assert(code("server.execute(\"/x.asp\")"));
    cr_assert_not(code("the response.write method prints text"));
    cr_assert_not(code("response.writer.flush"));
    cr_assert_not(code("myresponse.write(1)"));
}
