/*
 * Serialized objects in a request value.
 *
 * A deserializer builds whatever objects its input names and runs their methods while
 * it does (readObject, OnDeserialization, __reduce__, YAML's constructors), so a value
 * that holds a stream or names a type that reaches the process is code, whatever the
 * application meant to receive. Each format is recognised by what it must write: the
 * stream's magic and first record (Java, .NET's binary format, pickle's framed
 * protocols, pickle's text protocol), a YAML tag that names a language's object, or the
 * full name of a type whose members start processes, load assemblies or read files.
 *
 * Values arrive decoded and lower-cased, so base64 is compared by the characters the
 * format alone decides, lower-cased too, never decoded. Stays quiet on: a class or
 * library named as such (org.apache.commons, System.Text.Json), YAML's own tags (!!str,
 * !!binary), JSON-LD's "@type": "Person", base64 that only begins like a format.
 */
#include "webserial.h"

#include <ctype.h>
#include <string.h>

static bool has_prefix(const char *v, size_t n, const char *p)
{
    size_t l = strlen(p);
    return n >= l && !memcmp(v, p, l);
}

/* A name begins here: nothing of another name (a letter, a digit, a '.', a '/') just
 * before it. */
static bool name_start(const char *v, const char *p)
{
    return p == v || !(isalnum((unsigned char)p[-1]) || p[-1] == '.' || p[-1] == '/');
}

/* A Java serialized object: the stream's magic AC ED 00 05 and the first of its
 * records (a type code, 0x70 to 0x7E: TC_OBJECT, TC_STRING, TC_BLOCKDATA...), which
 * readObject() trusts to build the gadgets that follow. Anywhere in the value: a blob
 * can wrap the stream after a header of its own. In hex it is aced0005 7x; in base64 it
 * is spelt one of three ways by where it falls in a group of three bytes, and only the
 * characters the stream itself decides are compared:
 *   ro0abx                   at the start of a group;
 *   [kaq6]ztaav[w-z0-9+]     one byte into a group (the byte before sets the first;
 *                            - for + in URL-safe base64, a space where a form decoded +);
 *   s7qaf[c-f]               two bytes in.
 * Chance spells one about once in 300 million places of a random token: a 100 KB
 * picture sent in base64 about once in 3,000. The magic alone, encoded as if zero bits
 * followed it (CRS 944210's KztAAU and Cs7QAF), is not what a stream spells.
 * (Moved here from webstruct.c's Java reader with the other formats.) */
bool fk_webserial_java_stream(const char *v, size_t n)
{
    static const char *const spelt[] = {"ro0abx", "aced00057", NULL};
    for (size_t k = 0; spelt[k]; k++)
        if (memmem(v, n, spelt[k], strlen(spelt[k])))
            return true;
    for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), "ztaav", 5)); p++)
        if (p > v && p + 5 < v + n && p[-1] && strchr("kaq6", p[-1]) &&
            (isdigit((unsigned char)p[5]) || (p[5] >= 'w' && p[5] <= 'z') ||
             (p[5] && strchr("+- ", p[5]))))
            return true;
    for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), "s7qaf", 5)); p++)
        if (p + 5 < v + n && p[5] >= 'c' && p[5] <= 'f')
            return true;
    return false;
}

/* .NET's binary format (MS-NRBF, what BinaryFormatter, SoapFormatter's binary twin and
 * the ViewState formatters' inner streams write): a stream opens with the
 * SerializationHeaderRecord, record type 0, root id 1, header id -1, version 1.0:
 * 00 01 00 00 00 FF FF FF FF 01 00 00 00 00 00 00 00. Base64 spells its first nine
 * bytes AAEAAAD///// (a run of six '/' no text writes), hex 0001000000ffffffff01. */
static bool dotnet_stream(const char *v, size_t n)
{
    return memmem(v, n, "aaeaaad/////", 12) || memmem(v, n, "0001000000ffffffff01", 20);
}

/* Python's pickle, protocols 4 and 5 (the default since Python 3.8): PROTO 4 or 5, then
 * a FRAME opcode (0x95) and its eight-byte little-endian length, whose high bytes are
 * zero for any frame under 64 KB. Base64 spells gASV or gAWV, three characters of
 * length, and then at offsets 7 to 13 seven 'A's: a stream start, not a token's chance
 * (64^-11). unpickling calls whatever GLOBAL and REDUCE name (os.system). */
static bool pickle_framed_at(const char *v, size_t n)
{
    if (n < 16 || !(has_prefix(v, n, "gasv") || has_prefix(v, n, "gawv")))
        return false;
    for (size_t i = 7; i <= 13; i++)
        if (v[i] != 'a')
            return false;
    return true;
}

/* A pickle is sent whole: at the value's start, or where a path segment, a field, a
 * quoted string or a cookie's value starts. */
static bool pickle_framed(const char *v, size_t n)
{
    for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), "ga", 2)); p++)
        if ((p == v || (p[-1] && strchr("/=:\"' ", p[-1]))) &&
            pickle_framed_at(p, (size_t)(v + n - p)))
            return true;
    return false;
}

/* pickle's text protocol 0: GLOBAL ('c', a module, a newline, a name, a newline) at the
 * start; then MARK and a string argument (S'..', S"..", or V and a line) or PUT's memo
 * (p0 and a line); REDUCE ('R' after the argument tuple's 't' or ')', or after a memo's
 * line); STOP ('.') at the end: cos\nsystem\n(S'id'\ntR. calls os.system('id'). Lines
 * of one word each ("cheers\njohn\n(see the map).") have no opcode after the mark. */
static bool pickle_text(const char *v, size_t n)
{
    if (n < 10 || v[0] != 'c')
        return false;
    size_t i = 1;
    for (int part = 0; part < 2; part++) {
        size_t s = i;
        while (i < n && (isalnum((unsigned char)v[i]) || v[i] == '_' || (part == 0 && v[i] == '.')))
            i++;
        if (i == s || i >= n || v[i] != '\n' || isdigit((unsigned char)v[s]))
            return false;
        i++;
    }
    size_t end = n;
    while (end > i && (v[end - 1] == '\n' || v[end - 1] == ' '))
        end--;
    if (end - i < 4 || v[end - 1] != '.')
        return false;
    bool argument = (v[i] == '(' && ((v[i + 1] == 's' && (v[i + 2] == '\'' || v[i + 2] == '"')) ||
                                     (v[i + 1] == 'v' && memchr(v + i + 2, '\n', end - i - 2)))) ||
                    (v[i] == 'p' && isdigit((unsigned char)v[i + 1]));
    return argument && (memmem(v + i, end - i, "tr", 2) || memmem(v + i, end - i, ")r", 2) ||
                        memmem(v + i, end - i, "\nr", 2));
}

/* YAML tags that make a loader build a language's object or call a function
 * (PyYAML's python/object/apply and python/name, Ruby Psych's ruby/object and
 * ruby/hash with a class, Perl's perl/code, Symfony's php/object, SnakeYAML's
 * !!<java class> with a constructor's arguments in brackets). YAML's own tags (!!str,
 * !!binary, !!set) name no class. */
static bool yaml_object_tag(const char *v, size_t n, const char **why)
{
    static const char *const tags[] = {"!!python/",  "!python/", "!ruby/",      "!!ruby/",
                                       "!!perl/",    "!perl/",   "!php/object", "!!php/object",
                                       "!php/const", NULL};
    for (const char *p = v; (p = memchr(p, '!', (size_t)(v + n - p))); p++) {
        if (p > v && !(p[-1] && strchr(" \t\n[{,:-\"'/=", p[-1])))
            continue;
        size_t rest = (size_t)(v + n - p);
        for (size_t k = 0; tags[k]; k++)
            if (has_prefix(p, rest, tags[k])) {
                *why = "YAML tag that builds a language's object";
                return true;
            }
        /* !!javax.script.ScriptEngineManager [...]: a class named in full (two dots at
         * least), then its constructor's arguments */
        if (rest > 3 && p[1] == '!' && isalpha((unsigned char)p[2])) {
            size_t i = 2, dots = 0;
            while (i < rest &&
                   (isalnum((unsigned char)p[i]) || p[i] == '.' || p[i] == '_' || p[i] == '$'))
                dots += p[i++] == '.';
            while (i < rest && p[i] == ' ')
                i++;
            if (dots >= 2 && i < rest && (p[i] == '[' || p[i] == '{')) {
                *why = "YAML tag that builds a Java object (SnakeYAML)";
                return true;
            }
        }
    }
    return false;
}

/* .NET types whose members start processes, load assemblies or code, read files, or
 * are the documented gadgets of deserialization chains (the BinaryFormatter security
 * guide's ObjectDataProvider, the formatters themselves, PowerShell's runtime), named
 * in full: a Json.NET "$type", an ASP.NET "__type" or a XAML document names them so.
 * A namespace developers search for (System.Text.Json) is not among them. */
static const char *const dotnet_types[] = {"system.diagnostics.process",
                                           "system.windows.data.objectdataprovider",
                                           "system.windows.markup.xamlreader",
                                           "system.management.automation",
                                           "system.configuration.install.assemblyinstaller",
                                           "system.runtime.serialization.formatters",
                                           "system.web.ui.losformatter",
                                           "system.web.ui.objectstateformatter",
                                           "system.data.services.internal.expandedwrapper",
                                           "system.reflection.assembly",
                                           "system.io.file",
                                           "system.codedom.compiler",
                                           "system.security.principal.windowsidentity",
                                           "system.security.claims.claimsidentity",
                                           "system.workflow.componentmodel",
                                           "system.activities.presentation.workflowdesigner",
                                           "microsoft.visualstudio.text.formatting",
                                           "microsoft.csharp.csharpcodeprovider",
                                           NULL};

bool fk_webserial_plain_stream(const char *v, size_t n)
{
    return fk_webserial_java_stream(v, n) || pickle_framed(v, n) ||
           memmem(v, n, "0001000000ffffffff01", 20);
}

bool fk_webserial_read(const char *v, size_t n, const char **why)
{
    if (n < 8)
        return false;
    if (fk_webserial_java_stream(v, n)) {
        *why = "Java serialized object";
        return true;
    }
    if (dotnet_stream(v, n)) {
        *why = ".NET serialized object (binary format)";
        return true;
    }
    if (pickle_framed(v, n) || pickle_text(v, n)) {
        *why = "Python pickle";
        return true;
    }
    if (memchr(v, '!', n) && yaml_object_tag(v, n, why))
        return true;
    const char *sys = memmem(v, n, "system.", 7), *ms = memmem(v, n, "microsoft.", 10);
    for (size_t k = 0; (sys || ms) && dotnet_types[k]; k++) {
        const char *p = memmem(v, n, dotnet_types[k], strlen(dotnet_types[k]));
        if (p && name_start(v, p)) {
            *why = ".NET type that runs code named";
            return true;
        }
    }
    /* XAML: an ObjectDataProvider calls the method it is given on the object it builds */
    const char *odp = memmem(v, n, "objectdataprovider", 18);
    if (odp && odp > v && (odp[-1] == '<' || odp[-1] == ':') && memmem(v, n, "methodname", 10)) {
        *why = "XAML ObjectDataProvider calling a method";
        return true;
    }
    return false;
}
