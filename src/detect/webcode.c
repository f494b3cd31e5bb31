/*
 * Script and template code in a request value.
 *
 * Each language is recognised by the constructs an injection needs and ordinary text
 * does not write: a dotted call into the modules that run processes (os.system(,
 * subprocess.check_output(, IO.popen(, Open3.), Python's double-underscore attributes
 * that walk from any object to the interpreter (__class__, __mro__, __subclasses__,
 * __globals__), Ruby's and Perl's command quotes (%x(...), qx{...}), Perl's
 * interpolation of a block (@{[ ... ]}), node-serialize's function marker, Groovy's
 * .execute() on a literal, a template's delimiters around something to evaluate rather
 * than a name to print, and server-side and edge-side include directives.
 *
 * What stays quiet on purpose: a template placeholder that was never filled in
 * ({{campaign.name}} in a newsletter link is common and harmless), a bare word that a
 * language also uses (system, exec, open), and prose about code ("python eval()")
 * unless it calls something with an argument.
 */
#include "webcode.h"

#include <ctype.h>
#include <string.h>

/* Calls into modules that run processes or load code, by language (lower-cased):
 * Python's os, subprocess, pty, pickle and marshal; Ruby's Kernel, IO, Open3, Process,
 * ObjectSpace; Node's child_process relatives and the vm module. Each is written as what
 * comes before its first '.' or '(' (its anchor) and the rest, so that the anchor's
 * offset and the length are known when compiling. */
typedef struct {
    const char *text;
    size_t anchor, len;
} process_call_t;
#define CALL(before, rest)                                                                         \
    {                                                                                              \
        before rest, sizeof before - 1, sizeof before rest - 1                                     \
    }
static const process_call_t process_calls[] = {
    /* Python */
    CALL("os", ".system("),
    CALL("os", ".popen("),
    CALL("os", ".exec"),
    CALL("os", ".spawn"),
    CALL("os", ".fork("),
    CALL("os", ".remove("),
    CALL("os", ".listdir("),
    CALL("subprocess", "."),
    CALL("pty", ".spawn("),
    CALL("pickle", ".loads("),
    CALL("cpickle", ".loads("),
    CALL("marshal", ".loads("),
    CALL("commands", ".getoutput("),
    CALL("importlib", ".import_module("),
    CALL("builtins", ".eval("),
    CALL("eval", "(compile("),
    /* Ruby */
    CALL("kernel", ".exec"),
    CALL("kernel", ".system"),
    CALL("kernel", ".spawn"),
    CALL("kernel", ".open"),
    CALL("kernel", ".eval"),
    CALL("io", ".popen("),
    CALL("io", ".read("),
    CALL("open3", "."),
    CALL("process", ".spawn("),
    CALL("objectspace", "."),
    CALL("marshal", ".load("),
    CALL("", ".instance_eval"),
    CALL("", ".class_eval"),
    CALL("", ".module_eval"),
    CALL("", ".instance_variable_get("),
    CALL("", ".instance_variable_set("),
    CALL("", ".constantize"),
    CALL("", ".public_send("),
    CALL("erb", ".new("),
    CALL("file", ".read("),
    CALL("file", ".open("),
    CALL("dir", ".glob("),
    CALL("dir", ".entries("),
    /* Node (beyond webstruct.c's list) */
    CALL("new function", "("),
    CALL("function", ".constructor("),
    CALL("constructor", ".constructor("),
    CALL("vm", ".runin"),
    CALL("vm", ".compilefunction("),
    CALL("process", ".env"),
    CALL("process", ".exit("),
    CALL("process", ".dlopen("),
    CALL("require", "('fs')"),
    CALL("require", "(\"fs\")"),
    CALL("require", "('net')"),
    CALL("require", "(\"net\")"),
    CALL("import", "('"),
    CALL("import", "(\""),
    CALL("module", ".require("),
};
#undef CALL

/* Python's attributes that reach the interpreter from any object (the sandbox-escape
 * and template-injection chains all go through them). */
static const char *const python_dunders[] = {
    "__class__", "__mro__",   "__subclasses__",   "__globals__", "__builtins__", "__import__",
    "__base__",  "__bases__", "__getattribute__", "__reduce__",  "__code__",     "__loader__",
    "__dict__",  "__self__",  "__func__",         NULL};

static bool word_start(const char *v, size_t i)
{
    return i == 0 || !(isalnum((unsigned char)v[i - 1]) || v[i - 1] == '_');
}

static const char *find(const char *v, size_t n, const char *w)
{
    return memmem(v, n, w, strlen(w));
}

/* %x(...), %x{...}, %x[...] (Ruby) and qx(...), qx{...}, qx/.../ (Perl): a command
 * whose output the program reads. */
static bool command_quote(const char *v, size_t n)
{
    for (size_t i = 0; i + 3 < n; i++) {
        bool ruby = v[i] == '%' && v[i + 1] == 'x';
        bool perl = v[i] == 'q' && v[i + 1] == 'x' && word_start(v, i);
        if (!ruby && !perl)
            continue;
        char open = v[i + 2], close = open == '('   ? ')'
                                      : open == '{' ? '}'
                                      : open == '[' ? ']'
                                      : open == '/' ? '/'
                                                    : 0;
        if (!close || (ruby && open == '/'))
            continue;
        const char *e = memchr(v + i + 3, close, n - i - 3);
        /* a command inside: a letter first */
        if (e && e > v + i + 3 && isalpha((unsigned char)v[i + 3]))
            return true;
    }
    return false;
}

/* True when the text between open and close delimiters evaluates: an arithmetic probe
 * (7*7), a call, an attribute walk into the interpreter, a statement. */
static bool evaluates(const char *s, size_t n)
{
    size_t i = 0;
    /* ERB's <%= and <%-, and white space, come before the expression */
    while (i < n && (s[i] == ' ' || s[i] == '=' || s[i] == '-'))
        i++;
    /* digits op digits: the universal probe, {{7*7}} ${7*'7'} */
    size_t d = i;
    while (d < n && isdigit((unsigned char)s[d]))
        d++;
    if (d > i) {
        size_t o = d;
        while (o < n && s[o] == ' ')
            o++;
        if (o < n && s[o] && strchr("*+-/%", s[o])) {
            o++;
            while (o < n && (s[o] == ' ' || s[o] == '\'' || s[o] == '"'))
                o++;
            if (o < n && isdigit((unsigned char)s[o]))
                return true;
        }
    }
    for (size_t k = 0; python_dunders[k]; k++)
        if (find(s, n, python_dunders[k]))
            return true;
    /* Jinja and Twig objects that lead out: config, self, request, lipsum, cycler,
     * joiner, namespace, _self, range.constructor; and their statements; Twig's dump()
     * of every variable */
    static const char *const leads[] = {
        "config.",   "config[",   "config|",  "self.",      "self._",     "request.",
        "request[",  "lipsum.",   "cycler.",  "joiner.",    "namespace.", "_self.",
        "|attr(",    "|map(",     "|filter(", "?new(",      "?api",       "t(java",
        ".getclass", ".forname(", "import ",  "include ",   "set ",       "exec(",
        "eval(",     "system(",   "popen(",   "getruntime", "dump(",      NULL};
    for (size_t k = 0; leads[k]; k++) {
        const char *p = find(s, n, leads[k]);
        if (p && word_start(s, (size_t)(p - s)))
            return true;
    }
    /* a method called on an object or a literal, session.setattribute(...),
     * 'a'.toUpperCase(): a placeholder names a value ({{user.name}}), it does not call */
    for (size_t j = i; j + 2 < n; j++) {
        if (s[j] != '.' || j == 0 ||
            !(isalnum((unsigned char)s[j - 1]) || s[j - 1] == '_' || s[j - 1] == '\'' ||
              s[j - 1] == '"'))
            continue;
        size_t e = j + 1;
        while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '_'))
            e++;
        if (e > j + 1 && e < n && s[e] == '(')
            return true;
    }
    return false;
}

/* Template delimiters around something that evaluates. */
static bool template_expression(const char *v, size_t n, const bool sign[128], const char **why)
{
    static const struct {
        const char *open, *close;
    } delims[] = {{"{{", "}}"}, {"{%", "%}"},   {"${", "}"},        {"#{", "}"}, {"*{", "}"},
                  {"@{", "}"},  {"<%", "%>"},   {"[[", "]]"},       {"@(", ")"}, {"<#", ">"},
                  {"[#", "]"},  {"#set(", ")"}, {"#foreach(", ")"}, {"{$", "}"}};
    for (size_t k = 0; k < sizeof delims / sizeof delims[0]; k++) {
        if (!sign[(unsigned char)delims[k].open[0]] || !sign[(unsigned char)delims[k].open[1]])
            continue;
        size_t ol = strlen(delims[k].open), cl = strlen(delims[k].close);
        /* the first close found from an earlier open is the first from a later one before
         * it, and none found means none for any later open: each close is searched for
         * once, however many opens a value repeats */
        const char *close = NULL;
        bool closed = true;
        /* the text read after this delimiter's opens, in all: an expression is short,
         * and a value of 100,000 opens and no close took 0.6 s when each open's 400
         * bytes were read (a payload hidden behind 64 KiB of opens is itself no request
         * a page sends) */
        size_t budget = 64 * 1024;
        bool braces = !strcmp(delims[k].open, "{{"), scriptlet = !strcmp(delims[k].open, "<%");
        for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), delims[k].open, ol)) && budget;
             p += ol) {
            const char *in = p + ol;
            if (closed && (!close || close < in)) {
                close = memmem(in, (size_t)(v + n - in), delims[k].close, cl);
                closed = close != NULL;
            }
            const char *e = closed ? close : NULL;
            /* Handlebars' and Mustache's markers inside {{: the triple stash {{{x}}} and
             * {{& x}} print unescaped, {{~ trims white space (at most two: a run of
             * braces is not walked again from every open) */
            if (braces)
                for (int m = 0;
                     m < 2 && in < (e ? e : v + n) && (*in == '{' || *in == '&' || *in == '~'); m++)
                    in++;
            size_t len = e ? (size_t)(e - in) : (size_t)(v + n - in);
            if (len > 400)
                len = 400;
            budget = budget > len ? budget - len : 0;
            /* <%= and <%: ERB, JSP and ASP print or run what follows */
            if (scriptlet && len && (in[0] == '=' || in[0] == ' ' || in[0] == '@') &&
                (memchr(in, '(', len) || memchr(in, '`', len) || memchr(in, '.', len))) {
                *why = "server-side scriptlet (<% ... %>)";
                return true;
            }
            /* Freemarker's <#assign ...> (or [#assign ...] in its square-bracket syntax)
             * and Velocity's #set($x = ...) are statements */
            if (((!strcmp(delims[k].open, "<#") || !strcmp(delims[k].open, "[#")) && len >= 6 &&
                 !memcmp(in, "assign", 6)) ||
                (delims[k].open[0] == '#' && delims[k].open[1] != '{' && len && in[0] == '$')) {
                *why = "template statement";
                return true;
            }
            /* Smarty's reserved variable: {$smarty.version}, {$smarty.server...} */
            if (!strcmp(delims[k].open, "{$") && len > 7 && !memcmp(in, "smarty.", 7)) {
                *why = "template expression that evaluates";
                return true;
            }
            if (evaluates(in, len)) {
                *why = "template expression that evaluates";
                return true;
            }
        }
    }
    return false;
}

/* Whether the ']' at close ends a list literal (['sh','-c','id']) rather than a
 * subscript (tasks[i]): its '[' opens a value, after nothing or an operator, and its
 * first item is a string. Looked for at most 256 bytes back. */
static bool list_literal(const char *v, const char *close)
{
    const char *stop = close - v > 256 ? close - 256 : v;
    const char *o = close;
    while (o > stop && *o != '[')
        o--;
    if (*o != '[' || o + 1 >= close || (o[1] != '\'' && o[1] != '"'))
        return false;
    return o == v || !(isalnum((unsigned char)o[-1]) || o[-1] == '_' || o[-1] == ')' ||
                       o[-1] == ']' || o[-1] == '.');
}

static bool ssi_or_esi(const char *v, size_t n)
{
    static const char *const ssi[] = {"include", "echo",     "exec",  "config", "flastmod",
                                      "fsize",   "printenv", "set",   "if",     "elif",
                                      "else",    "endif",    "block", "param",  NULL};
    static const char *const esi[] = {"include", "inline", "vars",      "debug",  "eval",
                                      "choose",  "when",   "otherwise", "try",    "attempt",
                                      "except",  "assign", "comment",   "remove", NULL};
    for (const char *p = v; (p = memchr(p, '<', (size_t)(v + n - p))); p++) {
        size_t rest = (size_t)(v + n - p);
        const char *const *names;
        size_t k;
        if (rest > 5 && !memcmp(p, "<!--#", 5)) {
            names = ssi;
            k = 5;
            while (k < rest && (p[k] == ' ' || p[k] == '\t'))
                k++;
        } else if (rest > 5 && !memcmp(p, "<esi:", 5)) {
            names = esi;
            k = 5;
        } else {
            continue;
        }
        for (size_t m = 0; names[m]; m++) {
            size_t l = strlen(names[m]);
            /* the directive's name, then its attributes, its end, or the tag's end */
            if (rest - k > l && !memcmp(p + k, names[m], l) &&
                (p[k + l] == ' ' || p[k + l] == '\t' || p[k + l] == '>' || p[k + l] == '/' ||
                 p[k + l] == '-'))
                return true;
        }
    }
    return false;
}

/* Where process_calls[k] occurs in v, found from its anchor: every entry holds a '.' or
 * a '(' (its first one is the anchor), and a value holds few of those, so each anchor
 * of v is tried against the entries rather than each entry searched through v (the
 * searches were a fifth of a scan's time on everyday traffic). */
static bool process_call(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i] != '.' && v[i] != '(')
            continue;
        for (size_t k = 0; k < sizeof process_calls / sizeof process_calls[0]; k++) {
            const process_call_t *e = &process_calls[k];
            if (e->text[e->anchor] != v[i] || e->anchor > i || n - (i - e->anchor) < e->len)
                continue;
            size_t at = i - e->anchor;
            if (!memcmp(v + at, e->text, e->len) && (e->anchor == 0 || word_start(v, at)))
                return true;
        }
    }
    return false;
}

/* Classic ASP's intrinsic objects, as an ASP page's Eval or Execute given the request
 * runs them: Response.Write printing a probe's product or a string (VBScript calls a
 * procedure with or without parentheses), Server.CreateObject and Server.Execute, and
 * the COM objects that run commands or reach files. Microsoft's ASP reference. */
static bool asp_call(const char *v, size_t n)
{
    for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), "response.write", 14)); p++) {
        if (!word_start(v, (size_t)(p - v)))
            continue;
        const char *q = p + 14;
        while (q < v + n && *q == ' ')
            q++;
        if (q < v + n && (*q == '(' || *q == '"' || isdigit((unsigned char)*q)) &&
            (q > p + 14 || *q == '('))
            return true;
    }
    static const char *const calls[] = {"server.createobject(", "server.execute(",
                                        "createobject(\"wscript.shell\")",
                                        "createobject(\"scripting.filesystemobject\")", NULL};
    for (size_t k = 0; calls[k]; k++) {
        const char *p = find(v, n, calls[k]);
        if (p && word_start(v, (size_t)(p - v)))
            return true;
    }
    return false;
}

bool fk_webcode_read(const char *v, size_t n, fk_webstruct_field field, const char **why)
{
    if (n < 5)
        return false;
    /* which signs the value holds: each construct below needs one of them */
    bool sign[128] = {false};
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] < 128)
            sign[(unsigned char)v[i]] = true;
    if (!sign['_'] && !sign['.'] && !sign['('] && !sign['%'] && !sign['{'] && !sign['@'] &&
        !sign['<'] && !sign['['] && !sign['#'] && !sign['q'])
        return false;
    bool dunder = sign['_'] && find(v, n, "__");
    for (size_t k = 0; dunder && python_dunders[k]; k++) {
        const char *p = find(v, n, python_dunders[k]);
        /* a file or module named like one (/__init__.py) is not a walk: it is followed
         * by a dot-call, an index or a parenthesis */
        if (p) {
            size_t e = (size_t)(p - v) + strlen(python_dunders[k]);
            if (e == n || v[e] == '.' || v[e] == '[' || v[e] == '(' || v[e] == ')' || v[e] == '|' ||
                v[e] == '}' || v[e] == '\'' || v[e] == '"' || v[e] == ',') {
                *why = "Python attribute walk (__class__, __globals__, ...)";
                return true;
            }
        }
    }
    if ((sign['.'] || sign['(']) && process_call(v, n)) {
        *why = "call into a module that runs processes or loads code";
        return true;
    }
    if (sign['.'] && asp_call(v, n)) {
        *why = "classic ASP object called (Response.Write, Server.CreateObject)";
        return true;
    }
    if (command_quote(v, n)) {
        *why = "Ruby or Perl command quote (%x(...), qx{...})";
        return true;
    }
    /* Perl: @{[ code ]} interpolates a block into a string */
    if (sign['@'] && find(v, n, "@{[")) {
        *why = "Perl block interpolation (@{[ ... ]})";
        return true;
    }
    /* node-serialize's marker for a function to revive (CVE-2017-5941) */
    if (sign['_'] && (find(v, n, "_$$nd_func$$_") || (dunder && find(v, n, "__js_function")))) {
        *why = "serialized JavaScript function";
        return true;
    }
    /* Perl and Ruby open() of a pipe: open(f, "|cmd") or open("| cmd") */
    const char *op = sign['('] ? find(v, n, "open(") : NULL;
    if (op) {
        const char *e = memchr(op, ')', (size_t)(v + n - op));
        size_t len = e ? (size_t)(e - op) : (size_t)(v + n - op);
        if (memmem(op, len, "\"|", 2) || memmem(op, len, "'|", 2) || memmem(op, len, "|\"", 2) ||
            memmem(op, len, "|'", 2)) {
            *why = "open() of a pipe (Perl, Ruby)";
            return true;
        }
    }
    /* Groovy's String.execute() and List.execute() start a process from a literal:
     * "id".execute(), ['sh','-c','id'].execute() (a method called on a name or an
     * element, as statement.execute() or tasks[i].execute(), is every API's) */
    for (const char *p = v; sign['('] && (p = memmem(p, (size_t)(v + n - p), ".execute(", 9)); p++)
        if (p > v && (p[-1] == '"' || p[-1] == '\'' || (p[-1] == ']' && list_literal(v, p - 1)))) {
            *why = "Groovy process started from a string (.execute())";
            return true;
        }
    /* server-side includes (Apache mod_include, nginx's ssi module: <!--#include
     * virtual="..." -->, <!--#echo var=... -->, <!--#printenv -->) and Edge Side Includes
     * (the W3C ESI 1.0 note: <esi:include src=...>, <esi:vars>, <esi:debug/>): a page
     * that stores the value and is served through them runs the directive. A comment
     * that starts "<!--#" and no directive is markup. */
    if (sign['<'] && ssi_or_esi(v, n)) {
        *why = "server-side or edge-side include directive";
        return true;
    }
    /* an endless loop handed to an evaluator: while(true), while(1), for(;;) */
    static const char *const loops[] = {"while(true)", "while (true)", "while(1)", "while (1)",
                                        "for(;;)",     "for (;;)",     NULL};
    for (size_t k = 0; sign['('] && loops[k]; k++)
        if (find(v, n, loops[k]) && (memchr(v, '{', n) || memchr(v, ';', n))) {
            *why = "endless loop for an evaluator (denial of service)";
            return true;
        }
    /* templates in headers too: dashboards render user agents and referrers (no browser
     * or crawler writes a template delimiter around an expression) */
    (void)field;
    return (sign['{'] || sign['<'] || sign['['] || sign['@'] || sign['#']) &&
           template_expression(v, n, sign, why);
}
