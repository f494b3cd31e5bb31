#include "webstruct.h"

#include "webbody.h"
#include "webcode.h"
#include "webserial.h"

#include "../core/strmap.h"
#include "../core/utf8.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern const char *const fk_unix_commands_txt;
extern const size_t fk_unix_commands_txt_len;
extern const char *const fk_php_functions_txt;
extern const size_t fk_php_functions_txt_len;

struct fk_webstruct {
    fk_strmap unix_cmds; /* Debian's executables (rules/unix-commands.txt) */
    fk_strmap sql_words; /* every SQL word list below, to a mask of the lists (SQL_*) */
    fk_strmap php_funcs; /* PHP's internal functions (rules/php-functions.txt) */
};

/* What a SQL word is, as a bit per list; a word may be in several. */
enum {
    SQL_STMT = 1 << 0,
    SQL_LOGIC = 1 << 1,
    SQL_CMPWORD = 1 << 2,
    SQL_CLAUSE = 1 << 3,
    SQL_FUNCTION = 1 << 4,
    SQL_PROBE = 1 << 5,
    SQL_CATALOGUE = 1 << 6,
    SQL_TYPE = 1 << 7,
    SQL_LITERAL = 1 << 8,
};

static unsigned sql_class(const fk_webstruct *w, const char *p, size_t n)
{
    const fk_strmap_slot *slot = fk_strmap_get(&w->sql_words, p, n);
    return slot ? (unsigned)(uintptr_t)slot->value : 0;
}

/* ---- word lists ----------------------------------------------------------------------
 * Each list is a set of names by meaning, taken from the languages' documentation, not
 * from attack samples. Looked up by linear search on short lists only. */

static bool has_prefix(const char *s, size_t n, const char *p)
{
    if (!n || s[0] != p[0]) /* most calls end here, before the length is measured */
        return false;
    size_t l = strlen(p);
    return n >= l && !memcmp(s, p, l);
}

static bool in_list(const char *const *list, const char *w, size_t n)
{
    if (!n)
        return false;
    /* the first letter rules out nearly every entry before any length is measured (this
     * lookup runs for every word of every value: it was a third of a scan's time) */
    /* the length is measured bounded and compared before the bytes: a value may hold a
     * NUL, and strncmp would stop there and call a shorter entry equal */
    for (size_t i = 0; list[i]; i++)
        if (list[i][0] == w[0] && strnlen(list[i], n + 1) == n && !memcmp(list[i], w, n))
            return true;
    return false;
}

/* ==== SQL ============================================================================
 * A tokeniser in the manner libinjection made known: the value is read as SQL three
 * times — as it is (a number context), and as if it followed an opening single or double
 * quote (a string context, where the value's first quote closes the string). Tokens are
 * classified, and the stream is searched for the shapes an injection must take to change
 * a query: a broken-out string followed by an operator or a comment, UNION SELECT, a
 * stacked statement, a condition built of SQL operators, a call of a SQL function after
 * a logical operator, a catalogue table. English prose and names (O'Brien, "rock and
 * roll") do not take these shapes. */

typedef enum {
    T_NONE,
    T_BREAK,   /* the string the context opened, closed by the value's quote */
    T_STR,     /* a complete string literal */
    T_OPEN,    /* a string literal left open at the end */
    T_NUM,     /* 1, 0x1f, 1.5e3 */
    T_WORD,    /* an identifier */
    T_VAR,     /* @x, @@version */
    T_FUNC,    /* a known SQL function, followed by ( */
    T_CALL,    /* another identifier followed by ( */
    T_STMT,    /* select, union, insert, drop, exec, ... */
    T_LOGIC,   /* and, or, xor, not, &&, || */
    T_CMPWORD, /* like, rlike, regexp, between, in, is, sounds */
    T_CLAUSE,  /* from, where, order, group, by, having, limit, into, ... */
    T_CMP,     /* = < > <= >= <> != <=> := */
    T_OP,      /* + - * / % & | ^ ~ ! */
    T_LPAR,
    T_RPAR,
    T_COMMA,
    T_SEMI,
    T_COMMENT, /* --, #, and a closing comment at the end */
    T_CAST,    /* ::type, PostgreSQL's cast */
    T_OTHER,
} tok_type;

typedef struct {
    tok_type t;
    const char *p;
    size_t n;
} tok;

#define MAX_TOKS 96

static const char *const sql_stmt[] = {
    "select",   "union",   "insert",  "update",     "delete",   "drop",    "create", "alter",
    "truncate", "exec",    "execute", "declare",    "shutdown", "waitfor", "grant",  "revoke",
    "merge",    "handler", "prepare", "deallocate", "load",     "replace", NULL};
static const char *const sql_logic[] = {"and", "or", "xor", "not", NULL};
static const char *const sql_cmpword[] = {"like",  "rlike",   "regexp", "between", "in",
                                          "is",    "sounds",  "div",    "mod",     "glob",
                                          "match", "similar", NULL};
static const char *const sql_clause[] = {
    "from",   "where",    "order",   "group",        "by",           "having",      "limit",
    "offset", "into",     "values",  "table",        "procedure",    "delay",       "time",
    "all",    "distinct", "as",      "case",         "when",         "then",        "else",
    "end",    "set",      "outfile", "dumpfile",     "top",          "asc",         "desc",
    "join",   "on",       "using",   "collate",      "binary",       "escape",      "exists",
    "any",    "some",     "column",  "database",     "schema",       "if",          "begin",
    "commit", "rollback", "sysdate", "current_user", "session_user", "system_user", "user",
    NULL};
/* Functions of MySQL, PostgreSQL, SQL Server, Oracle and SQLite, from their manuals
 * (SQLite's core functions in full, with like() and glob(), its operators' function
 * forms; MySQL 8's and Oracle's regexp_ functions). */
static const char *const sql_functions[] = {"abs",
                                            "acos",
                                            "aes_decrypt",
                                            "aes_encrypt",
                                            "array_agg",
                                            "ascii",
                                            "asin",
                                            "atan",
                                            "avg",
                                            "benchmark",
                                            "bin",
                                            "bit_and",
                                            "bit_count",
                                            "bit_length",
                                            "bit_or",
                                            "cast",
                                            "ceil",
                                            "ceiling",
                                            "char",
                                            "char_length",
                                            "character_length",
                                            "charindex",
                                            "chr",
                                            "coalesce",
                                            "col_name",
                                            "collation",
                                            "compress",
                                            "concat",
                                            "concat_ws",
                                            "connection_id",
                                            "conv",
                                            "convert",
                                            "count",
                                            "cos",
                                            "crc32",
                                            "current_database",
                                            "current_setting",
                                            "current_user",
                                            "database",
                                            "datalength",
                                            "db_id",
                                            "db_name",
                                            "decode",
                                            "degrees",
                                            "elt",
                                            "encode",
                                            "exp",
                                            "export_set",
                                            "extractvalue",
                                            "field",
                                            "find_in_set",
                                            "floor",
                                            "format",
                                            "found_rows",
                                            "from_base64",
                                            "geometrycollection",
                                            "get_lock",
                                            "group_concat",
                                            "gtid_subset",
                                            "has_dbaccess",
                                            "hex",
                                            "host_name",
                                            "if",
                                            "ifnull",
                                            "iif",
                                            "inet_aton",
                                            "inet_ntoa",
                                            "insert",
                                            "instr",
                                            "is_srvrolemember",
                                            "isnull",
                                            "json_extract",
                                            "json_keys",
                                            "last_insert_id",
                                            "lcase",
                                            "left",
                                            "len",
                                            "length",
                                            "linestring",
                                            "ln",
                                            "lo_import",
                                            "load_file",
                                            "locate",
                                            "log",
                                            "lower",
                                            "lpad",
                                            "ltrim",
                                            "make_set",
                                            "max",
                                            "md5",
                                            "mid",
                                            "min",
                                            "multilinestring",
                                            "multipoint",
                                            "multipolygon",
                                            "name_const",
                                            "nchar",
                                            "nullif",
                                            "nvl",
                                            "object_id",
                                            "oct",
                                            "octet_length",
                                            "openrowset",
                                            "opendatasource",
                                            "ord",
                                            "pg_read_file",
                                            "pg_sleep",
                                            "pi",
                                            "polygon",
                                            "position",
                                            "pow",
                                            "power",
                                            "quote",
                                            "quotename",
                                            "radians",
                                            "rand",
                                            "randomblob",
                                            "rawtohex",
                                            "repeat",
                                            "replace",
                                            "replicate",
                                            "reverse",
                                            "right",
                                            "round",
                                            "row_count",
                                            "rpad",
                                            "rtrim",
                                            "schema",
                                            "session_user",
                                            "sha",
                                            "sha1",
                                            "sha2",
                                            "sign",
                                            "sin",
                                            "sleep",
                                            "soundex",
                                            "space",
                                            "sqlite_version",
                                            "sqrt",
                                            "std",
                                            "stddev",
                                            "str",
                                            "strcmp",
                                            "string_agg",
                                            "stuff",
                                            "subdate",
                                            "substr",
                                            "substring",
                                            "substring_index",
                                            "sum",
                                            "suser_name",
                                            "suser_sname",
                                            "sys_context",
                                            "system_user",
                                            "tan",
                                            "to_base64",
                                            "to_char",
                                            "trim",
                                            "typeof",
                                            "ucase",
                                            "uncompress",
                                            "unhex",
                                            "unicode",
                                            "updatexml",
                                            "upper",
                                            "user",
                                            "user_name",
                                            "utl_http.request",
                                            "utl_inaddr.get_host_address",
                                            "utl_inaddr.get_host_name",
                                            "uuid",
                                            "version",
                                            "xmltype",
                                            "dbms_pipe.receive_message",
                                            "dbms_lock.sleep",
                                            "xp_cmdshell",
                                            "xp_dirtree",
                                            "xp_regread",
                                            "sp_executesql",
                                            "sp_oacreate",
                                            "sp_makewebtask",
                                            "div",
                                            "lo_get",
                                            "lo_put",
                                            "lo_export",
                                            "lo_from_bytea",
                                            "starts_with",
                                            "unistr",
                                            "query_to_xml",
                                            "array_to_string",
                                            "string_to_array",
                                            "regexp_replace",
                                            "regexp_matches",
                                            "split_part",
                                            "pg_ls_dir",
                                            "pg_stat_file",
                                            "current_schema",
                                            "inet_server_addr",
                                            "dblink",
                                            "dblink_exec",
                                            "make_interval",
                                            "generate_series",
                                            "changes",
                                            "glob",
                                            "last_insert_rowid",
                                            "like",
                                            "likelihood",
                                            "likely",
                                            "load_extension",
                                            "printf",
                                            "random",
                                            "sqlite_compileoption_get",
                                            "sqlite_compileoption_used",
                                            "sqlite_offset",
                                            "sqlite_source_id",
                                            "total_changes",
                                            "unlikely",
                                            "zeroblob",
                                            "regexp_like",
                                            "regexp_substr",
                                            "regexp_instr",
                                            NULL};
/* Functions whose only use in a request is to make a query wait, fail loudly or read
 * files: one after a logical operator or a broken-out string is an injection. */
static const char *const sql_probe_functions[] = {"benchmark",
                                                  "sleep",
                                                  "pg_sleep",
                                                  "extractvalue",
                                                  "updatexml",
                                                  "load_file",
                                                  "pg_read_file",
                                                  "lo_import",
                                                  "dbms_pipe.receive_message",
                                                  "dbms_lock.sleep",
                                                  "utl_inaddr.get_host_address",
                                                  "utl_inaddr.get_host_name",
                                                  "utl_http.request",
                                                  "randomblob",
                                                  "gtid_subset",
                                                  "name_const",
                                                  "geometrycollection",
                                                  "multipoint",
                                                  "polygon",
                                                  "multipolygon",
                                                  "linestring",
                                                  "multilinestring",
                                                  "xp_cmdshell",
                                                  "xp_dirtree",
                                                  "openrowset",
                                                  "opendatasource",
                                                  "get_lock",
                                                  "json_keys",
                                                  "exp",
                                                  "xmltype",
                                                  "sys_context",
                                                  "lo_get",
                                                  "lo_put",
                                                  "lo_export",
                                                  "pg_ls_dir",
                                                  "pg_stat_file",
                                                  "query_to_xml",
                                                  "dblink",
                                                  "dblink_exec",
                                                  NULL};
/* The SQL standard's functions written without parentheses (and PostgreSQL's) */
static const char *const sql_niladic[] = {
    "current_user",   "session_user",    "system_user",     "current_role",
    "current_schema", "current_catalog", "current_schemas", NULL};
/* PostgreSQL's type names, as they follow a :: cast. */
static const char *const sql_types[] = {
    "int",     "int2",    "int4",    "int8",  "integer", "bigint",    "smallint", "text",
    "bool",    "boolean", "varchar", "char",  "numeric", "decimal",   "double",   "real",
    "float",   "bytea",   "json",    "jsonb", "date",    "timestamp", "oid",      "regclass",
    "regproc", "xml",     "inet",    "uuid",  "money",   "interval",  NULL};
/* The databases' own catalogues and privileged procedures. */
static const char *const sql_catalogue[] = {"information_schema",
                                            "information_schema.tables",
                                            "information_schema.columns",
                                            "information_schema.schemata",
                                            "mysql.user",
                                            "mysql.db",
                                            "sysobjects",
                                            "syscolumns",
                                            "sys.objects",
                                            "sys.tables",
                                            "sys.columns",
                                            "sys.databases",
                                            "master..sysdatabases",
                                            "master.dbo.sysdatabases",
                                            "sysdatabases",
                                            "pg_catalog",
                                            "pg_shadow",
                                            "pg_user",
                                            "pg_database",
                                            "pg_tables",
                                            "sqlite_master",
                                            "sqlite_schema",
                                            "all_tables",
                                            "user_tables",
                                            "all_tab_columns",
                                            "user_tab_columns",
                                            "dba_users",
                                            "all_users",
                                            "v$version",
                                            "dual",
                                            "msysobjects",
                                            "msysaccessobjects",
                                            "xp_cmdshell",
                                            NULL};

/* A table of a schema that holds only the database's own catalogue: Db2's SYSIBM base
 * tables and SYSCAT/SYSSTAT views (SYSIBM.SYSDUMMY1 is its DUAL), the SQL standard's
 * INFORMATION_SCHEMA, PostgreSQL's pg_catalog. Any table named under one of them. */
static bool catalogue_schema(const char *p, size_t n)
{
    static const char *const schemas[] = {
        "sysibm", "syscat", "sysstat", "sysibmadm", "pg_catalog", "information_schema", NULL};
    const char *dot = memchr(p, '.', n);
    if (!dot || dot == p || (size_t)(dot - p) + 1 >= n)
        return false;
    size_t l = (size_t)(dot - p);
    for (size_t k = 0; schemas[k]; k++)
        if (strlen(schemas[k]) == l && !strncasecmp(p, schemas[k], l))
            return true;
    return false;
}

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* The value begins (after blanks and quotes) with a path or a URL scheme. */
static bool names_a_path(const char *v, size_t n)
{
    size_t i = 0;
    while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == '\'' || v[i] == '"'))
        i++;
    if (i == n)
        return false;
    if (v[i] == '/' || v[i] == '\\' || v[i] == '.' || v[i] == '~') {
        /* unless the path names nothing and words follow: "../ relative path", "/ vs
         * ./ in URLs" are someone asking about paths */
        size_t k = i;
        bool named = false;
        while (k < n && v[k] != ' ' && v[k] != '\t') {
            named = named || isalnum((unsigned char)v[k]);
            k++;
        }
        return named || k + 1 >= n;
    }
    if (i + 2 < n && isalpha((unsigned char)v[i]) && v[i + 1] == ':' &&
        (v[i + 2] == '/' || v[i + 2] == '\\'))
        return true;
    /* scheme ":" (RFC 3986 3.1): file:, php://, zip://, ...; not a web address, whose
     * path is another server's (remote inclusion and SSRF read those) */
    size_t k = i;
    while (k < n && (isalnum((unsigned char)v[k]) || v[k] == '+' || v[k] == '-' || v[k] == '.'))
        k++;
    bool web = (k - i == 4 && !strncasecmp(v + i, "http", 4)) ||
               (k - i == 5 && !strncasecmp(v + i, "https", 5));
    return k > i && !web && isalpha((unsigned char)v[i]) && k < n && v[k] == ':' && k + 1 < n &&
           v[k + 1] == '/';
}

/* Free text (FK_WS_TEXT) is what a person wrote, kept by the application as a string.
 * Text injected into a command line or a statement is the argument the application
 * expected (an address, a name, a number, or nothing) and then the break: a separator,
 * a pipe or a substitution; for SQL a quote, a statement's end or a comment. So in free text a
 * break counts only at its head, with at most one token (no blank) before it. Further
 * in, after words, it belongs to what someone wrote about commands, SQL or code (a
 * forum post's "run make clean && make", a cron line, "agree -- the new layout"). An
 * '&' inside a URL someone pasted (https://example.org/docs?page=2&lang=en) joins the
 * URL's parameters and is no break. */
static bool inside_a_url(const char *v, size_t at)
{
    size_t start = at;
    while (start > 0 && v[start - 1] != ' ' && v[start - 1] != '\t' && v[start - 1] != '\n')
        start--;
    return memmem(v + start, at - start, "://", 3) && memchr(v + start, '?', at - start);
}

/* At most one token before v[at]: the argument an injection replaces. A run of three
 * or more letters beyond ASCII is a sentence (Japanese puts no blanks between words). */
static bool at_the_head(const char *v, size_t at)
{
    size_t i = 0, wide = 0;
    while (i < at && (v[i] == ' ' || v[i] == '\t'))
        i++;
    while (i < at && v[i] != ' ' && v[i] != '\t')
        wide += (unsigned char)v[i++] >= 0x80;
    if (wide >= 9) /* UTF-8 takes three bytes a kana or kanji */
        return false;
    while (i < at && (v[i] == ' ' || v[i] == '\t'))
        i++;
    return i == at;
}

/* A Markdown code span at v[i]: a backtick, words on one line, a backtick, then a blank
 * and a word ("try `git fetch --all; git reset --hard` if you have no changes"). The
 * index of its closing backtick, or 0. A span of one word, or one nothing follows, is
 * read as a substitution (x`id`, x`id` please). */
static size_t code_span_end(const char *v, size_t i, size_t n)
{
    size_t j = i + 1;
    bool blank = false;
    for (; j < n && v[j] != '`' && v[j] != '\n'; j++)
        blank |= v[j] == ' ';
    if (j >= n || v[j] != '`' || !blank)
        return 0;
    size_t k = j + 1;
    while (k < n && strchr(" ,.:;!?)", v[k]) && v[k])
        k++;
    return k > j + 1 && k < n && isalpha((unsigned char)v[k]) ? j : 0;
}

/* A code block's marker at v[i], and its length (0: none): Markdown's fence line (``` or
 * ~~~ opening a line, with the block's language, to the line's end), Jira's and
 * Confluence's {code}, {code:lang} and {noformat}, BBCode's [code] and [/code], each with
 * the line break right after it. Between two of them is an example a person shares. */
static size_t code_block_marker(const char *v, size_t i, size_t n)
{
    size_t end = 0;
    if ((v[i] == '`' || v[i] == '~') && i + 2 < n && v[i + 1] == v[i] && v[i + 2] == v[i] &&
        (v[i] == '`' || i == 0 || v[i - 1] == '\n')) {
        const char *nl = memchr(v + i, '\n', n - i);
        return nl ? (size_t)(nl - v) + 1 - i : n - i;
    }
    if (v[i] == '{' && (has_prefix(v + i, n - i, "{code}") || has_prefix(v + i, n - i, "{code:") ||
                        has_prefix(v + i, n - i, "{noformat}"))) {
        const char *close = memchr(v + i, '}', n - i);
        if (!close || close - (v + i) > 40)
            return 0;
        end = (size_t)(close - v) + 1;
    } else if (v[i] == '[' &&
               (has_prefix(v + i, n - i, "[code]") || has_prefix(v + i, n - i, "[code=") ||
                has_prefix(v + i, n - i, "[/code]"))) {
        const char *close = memchr(v + i, ']', n - i);
        if (!close || close - (v + i) > 40)
            return 0;
        end = (size_t)(close - v) + 1;
    } else {
        return 0;
    }
    if (end < n && v[end] == '\r')
        end++;
    if (end < n && v[end] == '\n')
        end++;
    return end - i;
}

/* The first separator, pipe, substitution or line break is at the head. A code block's
 * marker (code_block_marker: Markdown's fence line, Jira's {code:bash}) is no
 * substitution or line break of a command; nor is a code span that the sentence goes on
 * after (code_span_end). A wiki table's opening {| is no brace group, which needs a
 * blank after its brace. */
static bool shell_head(const char *v, size_t n)
{
    size_t lead = 0;
    while (lead < n && isspace((unsigned char)v[lead]))
        lead++;
    bool table = n - lead >= 2 && v[lead] == '{' && v[lead + 1] == '|';
    for (size_t i = table ? lead + 2 : 0; i < n; i++) {
        size_t marker = code_block_marker(v, i, n);
        if (marker) {
            i += marker - 1;
            continue;
        }
        size_t span = v[i] == '`' ? code_span_end(v, i, n) : 0;
        if (span) {
            i = span;
            continue;
        }
        bool brk = memchr(";|`\n\r", v[i], 5) || (v[i] == '&' && !inside_a_url(v, i)) ||
                   (v[i] == '$' && i + 1 < n && v[i + 1] == '(');
        if (!brk)
            continue;
        /* a line break after one word starts a command line (x\nid), unless sentences
         * follow it: a comment opening with a greeting or a heading on its own line
         * ("Thanks!\n...", a fenced block's first line) goes on as prose */
        if ((v[i] == '\n' || v[i] == '\r') && fk_webstruct_reads_as_prose(v + i + 1, n - i - 1))
            return false;
        return at_the_head(v, i);
    }
    return false;
}

/* A search's exact phrase at v[i]: a double quote, words (no quote, no ';', no comment),
 * the closing quote, then a blank or the end ("drop table" lang:ja). The index after it,
 * or 0. An injection that ends a string leaves SQL after its quote, not a phrase. */
static size_t phrase_end(const char *v, size_t i, size_t n)
{
    if (v[i] != '"')
        return 0;
    size_t j = i + 1;
    for (; j < n && v[j] != '"'; j++)
        if (v[j] == '\'' || v[j] == ';' || v[j] == '#' || v[j] == '\n' ||
            (j + 1 < n && ((v[j] == '-' && v[j + 1] == '-') || (v[j] == '/' && v[j + 1] == '*'))))
            return 0;
    if (j >= n || j == i + 1 || (j + 1 < n && v[j + 1] != ' '))
        return 0;
    return j + 1;
}

/* The first quote is at the head: "x' or 1=1", "admin'--", not "We handle ';' in CSV",
 * nor a search's exact phrase (phrase_end). */
static bool quote_head(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == '\'' || v[i] == '"')
            return !phrase_end(v, i, n) && at_the_head(v, i);
    return false;
}

/* The first ';' or comment is at the head ("1; drop table t", a comment between the
 * words of "1/ * * /union"), or a comment ends the value ("1 waitfor delay '0:0:5'--",
 * "1) or sleep(5)#"). */
static bool statement_end(const char *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == ';' || v[i] == '#' ||
            (i + 1 < n && ((v[i] == '-' && v[i + 1] == '-') || (v[i] == '/' && v[i + 1] == '*'))))
            return at_the_head(v, i);
    return false;
}

static bool ends_in_a_comment(const char *v, size_t n)
{
    size_t e = n, dashes = 0;
    while (e > 0 && (v[e - 1] == ' ' || v[e - 1] == '\t'))
        e--;
    if (e > 0 && v[e - 1] == '#')
        return true;
    while (e > 0 && (v[e - 1] == ' ' || v[e - 1] == '\t' || v[e - 1] == '-'))
        dashes += v[--e] == '-';
    return dashes >= 2;
}

/* Spaces and tabs from s[i]: where the next word starts. */
static size_t skip_blanks(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

static size_t skip_space(const char *s, size_t i, size_t n)
{
    for (;;) {
        while (i < n && (isspace((unsigned char)s[i]) || s[i] == '\0'))
            i++;
        /* inline comments separate tokens like spaces; MySQL's executable comments
         * (/ *!50000 select * /) carry code, which is read */
        if (i + 1 < n && s[i] == '/' && s[i + 1] == '*') {
            size_t j = i + 2;
            if (j < n && s[j] == '!') {
                j++;
                while (j < n && isdigit((unsigned char)s[j]))
                    j++;
                i = j;
                continue;
            }
            const char *end = NULL;
            for (size_t k = j; k + 1 < n; k++)
                if (s[k] == '*' && s[k + 1] == '/') {
                    end = s + k;
                    break;
                }
            if (!end)
                return i; /* left open: a comment to the end, read by the caller */
            i = (size_t)(end - s) + 2;
            continue;
        }
        if (i + 1 < n && s[i] == '*' && s[i + 1] == '/') { /* end of an executable one */
            i += 2;
            continue;
        }
        return i;
    }
}

/* Tokenises s as if it followed `quote` (0: as it is). Returns the token count, or 0
 * when the context does not apply (no closing quote in the value). */
static size_t sql_tokens(const fk_webstruct *ws, const char *s, size_t n, char quote, tok *t)
{
    size_t i = 0, k = 0;
    if (quote) {
        const char *q = memchr(s, quote, n);
        if (!q)
            return 0;
        t[k++] = (tok){T_BREAK, s, (size_t)(q - s)};
        i = (size_t)(q - s) + 1;
    }
    while (k < MAX_TOKS) {
        i = skip_space(s, i, n);
        if (i >= n)
            break;
        char c = s[i];
        size_t st = i;
        if ((c == '-' && i + 1 < n && s[i + 1] == '-') ||
            (c == '#' && !(i + 1 < n && s[i + 1] == '>')) ||
            (c == '/' && i + 1 < n && s[i + 1] == '*') ||
            (c == ';' && i + 1 < n && s[i + 1] == '%' && 0)) {
            t[k++] = (tok){T_COMMENT, s + i, n - i};
            break;
        }
        if (c == '\'' || c == '"' || c == '`') {
            size_t j = i + 1;
            bool closed = false;
            while (j < n) {
                if (s[j] == '\\' && c != '`') {
                    j += 2;
                    continue;
                }
                if (s[j] == c) {
                    if (j + 1 < n && s[j + 1] == c) {
                        j += 2;
                        continue;
                    }
                    closed = true;
                    break;
                }
                j++;
            }
            if (j > n)
                j = n;
            t[k++] = (tok){c == '`' ? T_WORD : closed ? T_STR : T_OPEN, s + st, j - st};
            i = closed ? j + 1 : n;
            continue;
        }
        if (isdigit((unsigned char)c) ||
            (c == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1]))) {
            size_t j = i + 1;
            if (c == '0' && j < n && (s[j] == 'x' || s[j] == 'b'))
                j++;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '.'))
                j++;
            t[k++] = (tok){T_NUM, s + st, j - st};
            i = j;
            continue;
        }
        if (c == '@') {
            size_t j = i + 1;
            if (j < n && s[j] == '@')
                j++;
            while (j < n && (word_char(s[j]) || s[j] == '.'))
                j++;
            t[k++] = (tok){T_VAR, s + st, j - st};
            i = j;
            continue;
        }
        if (word_char(c)) {
            size_t j = i + 1;
            while (j < n && (word_char(s[j]) || (s[j] == '.' && j + 1 < n && word_char(s[j + 1]))))
                j++;
            const char *w = s + st;
            size_t wn = j - st;
            size_t after = skip_space(s, j, n);
            bool call = after < n && s[after] == '(';
            tok_type tt = T_WORD;
            unsigned cls = sql_class(ws, w, wn);
            /* like and glob are operators after an operand ("a like (...)", ") like (")
             * and SQLite's functions where an operand is due ("or like(a,b)") */
            tok_type prev = k ? t[k - 1].t : T_NONE;
            bool after_operand = prev == T_RPAR || prev == T_NUM || prev == T_WORD ||
                                 prev == T_STR || prev == T_BREAK || prev == T_VAR;
            if (cls & SQL_LITERAL)
                tt = T_NUM; /* a literal, an operand like a number */
            else if (call && (cls & SQL_FUNCTION) && !(after_operand && (cls & SQL_CMPWORD)))
                tt = T_FUNC;
            else if (cls & SQL_STMT)
                tt = T_STMT;
            else if (cls & SQL_LOGIC)
                tt = T_LOGIC;
            else if (cls & SQL_CMPWORD)
                tt = T_CMPWORD;
            else if (cls & SQL_CLAUSE)
                tt = T_CLAUSE;
            else if (call)
                tt = T_CALL;
            t[k++] = (tok){tt, w, wn};
            i = j;
            continue;
        }
        /* JSON operators of MySQL and PostgreSQL: -> ->> #> #>> @> <@ */
        if ((c == '-' || c == '#' || c == '@') && i + 1 < n && s[i + 1] == '>') {
            size_t j = i + 2 + (i + 2 < n && s[i + 2] == '>');
            t[k++] = (tok){T_CMP, s + st, j - st};
            i = j;
            continue;
        }
        if (c == '<' && i + 1 < n && s[i + 1] == '@') {
            t[k++] = (tok){T_CMP, s + st, 2};
            i += 2;
            continue;
        }
        size_t j = i + 1;
        tok_type tt = T_OTHER;
        switch (c) {
        case '(': tt = T_LPAR; break;
        case ')': tt = T_RPAR; break;
        case ',': tt = T_COMMA; break;
        case ';': tt = T_SEMI; break;
        case '=': tt = T_CMP; break;
        case ':':
            if (j < n && s[j] == ':') { /* ::type */
                size_t e = j + 1;
                while (e < n && s[e] == ' ')
                    e++;
                size_t w0 = e;
                while (e < n && isalnum((unsigned char)s[e]))
                    e++;
                if (e > w0 && (sql_class(ws, s + w0, e - w0) & SQL_TYPE)) {
                    t[k++] = (tok){T_CAST, s + st, e - st};
                    i = e;
                    continue;
                }
            }
            /* fall through */
        case '<':
        case '>':
        case '!':
            if (j < n && (s[j] == '=' || s[j] == '>'))
                j++;
            if (j < n && s[j] == '>')
                j++;
            tt = (c == '!' && j == i + 1) ? T_OP : (c == ':' && j == i + 1) ? T_OTHER : T_CMP;
            break;
        case '|':
        case '&':
            if (j < n && s[j] == c) {
                j++;
                tt = T_LOGIC;
            } else {
                tt = T_OP;
            }
            break;
        case '+':
        case '-':
        case '*':
        case '/':
        case '%':
        case '^':
        case '~': tt = T_OP; break;
        default: break;
        }
        t[k++] = (tok){tt, s + st, j - st};
        i = j;
    }
    return k;
}

static bool is_operand(tok_type t)
{
    return t == T_NUM || t == T_STR || t == T_WORD || t == T_VAR || t == T_OPEN || t == T_RPAR ||
           t == T_FUNC || t == T_CALL;
}

/* Whether the value opens with a name compared to something (labels = x, status in
 * (...)) before t[i], with no break before it: an expression, not one operand. The name
 * may open a group, if every group of the k tokens closes: (title = a or abstract = a). */
static bool opens_with_comparison(const tok *t, size_t i, size_t k)
{
    size_t first = 0;
    while (first < i && t[first].t == T_LPAR)
        first++;
    if (first) {
        long depth = 0;
        for (size_t j = 0; j < k && depth >= 0; j++)
            depth += (t[j].t == T_LPAR) - (t[j].t == T_RPAR);
        if (depth != 0)
            return false;
    }
    if (i < first + 2 || (t[first].t != T_WORD && t[first].t != T_CLAUSE)) /* a name */
        return false;
    for (size_t j = first + 1; j < i; j++) {
        if (t[j].t == T_BREAK || t[j].t == T_SEMI || t[j].t == T_COMMENT)
            return false;
        if (t[j].t == T_CMP || t[j].t == T_CMPWORD ||
            (t[j].t == T_OP && memchr(t[j].p, '~', t[j].n))) /* JQL's and CQL's contains */
            return true;
    }
    return false;
}

static bool tok_is(const tok *t, const char *w)
{
    return t->n == strlen(w) && !memcmp(t->p, w, t->n);
}

/* MySQL's character sets (SHOW CHARACTER SET, MySQL 8.4 and MariaDB 11): the names an
 * introducer (_latin1'...') may give. */
static const char *const mysql_character_sets[] = {
    "armscii8", "ascii",   "big5",    "binary", "cp1250", "cp1251",  "cp1256",   "cp1257",
    "cp850",    "cp852",   "cp866",   "cp932",  "dec8",   "eucjpms", "euckr",    "gb18030",
    "gb2312",   "gbk",     "geostd8", "greek",  "hebrew", "hp8",     "keybcs2",  "koi8r",
    "koi8u",    "latin1",  "latin2",  "latin5", "latin7", "macce",   "macroman", "sjis",
    "swe7",     "tis620",  "ucs2",    "ujis",   "utf16",  "utf16le", "utf32",    "utf8",
    "utf8mb3",  "utf8mb4", NULL};

/* The index after a function call's closing parenthesis (or the end). */
static size_t skip_call(const tok *t, size_t i, size_t k)
{
    size_t depth = 0;
    for (i++; i < k; i++) {
        if (t[i].t == T_LPAR)
            depth++;
        else if (t[i].t == T_RPAR && depth && --depth == 0)
            return i + 1;
    }
    return k;
}

/* The word t[i] quoted alone, right after the quote that closed the break t[i - 1] and
 * before the same quote: a search syntax's methods:"select", a string and no statement. */
static bool quoted_alone(const tok *t, size_t i, size_t k)
{
    /* the break's text ends right before its quote; the word follows the quote */
    char q = t[i].p[-1];
    return (q == '"' || q == '\'') && t[i - 1].p + t[i - 1].n + 1 == t[i].p && i + 1 < k &&
           t[i + 1].p == t[i].p + t[i].n && t[i + 1].p[0] == q;
}

/* The operator t[d] is a dash between blanks after another token ("lecture 03 - select,
 * join"): prose's punctuation. A scalar sub-query after a minus needs its parenthesis. */
static bool prose_dash(const tok *t, size_t d)
{
    return d > 0 && t[d].n == 1 && t[d].p[0] == '-' && t[d].p[-1] == ' ' && t[d].p[1] == ' ';
}

/* Two constants of one kind: numbers, strings (the second may be left open for the
 * application's own quote to close), or the same word twice. */
static bool constants_alike(const tok *x, const tok *y)
{
    if (x->t == T_NUM)
        return y->t == T_NUM;
    if (x->t == T_STR)
        return y->t == T_STR || y->t == T_OPEN;
    return x->t == T_WORD && y->t == T_WORD && x->n == y->n && !memcmp(x->p, y->p, x->n);
}

/* A value the SQL standard's functions without parentheses give (USER, CURRENT_USER,
 * SESSION_USER, SYSTEM_USER) and Oracle's SYSDATE: the tokeniser files them with the
 * clause words, but after AND or OR they are an operand like a column's name. */
static bool niladic_value(const tok *x)
{
    return x->t == T_CLAUSE &&
           (tok_is(x, "user") || tok_is(x, "sysdate") || in_list(sql_niladic, x->p, x->n));
}

static bool sql_shapes(const fk_webstruct *ws, const tok *t, size_t k, bool quoted,
                       const char **why)
{
    for (size_t i = 0; i < k; i++) {
        const tok *a = &t[i], *b = i + 1 < k ? &t[i + 1] : NULL, *c = i + 2 < k ? &t[i + 2] : NULL;
        /* MySQL's full-text MATCH (...) AGAINST (...), and MERGE INTO ... USING */
        if (tok_is(a, "against") && b && b->t == T_LPAR && i >= 3) {
            for (size_t j = i >= 12 ? i - 12 : 0; j < i; j++)
                if (tok_is(&t[j], "match") && t[j + 1].t == T_LPAR) {
                    *why = "MATCH ... AGAINST";
                    return true;
                }
        }
        if (tok_is(a, "merge") && b && tok_is(b, "into") && c &&
            (c->t == T_WORD || c->t == T_CLAUSE)) {
            for (size_t j = i + 3; j < k && j < i + 8; j++)
                if (tok_is(&t[j], "using")) {
                    *why = "MERGE INTO ... USING";
                    return true;
                }
        }
        /* CHAR(83,69,76,...): a string built from character codes */
        if (a->t == T_FUNC && (tok_is(a, "char") || tok_is(a, "chr") || tok_is(a, "nchar")) && b &&
            b->t == T_LPAR) {
            size_t j = i + 2, codes = 0;
            while (j + 1 < k && t[j].t == T_NUM && t[j + 1].t == T_COMMA) {
                codes++;
                j += 2;
            }
            if (codes >= 2 && j < k && t[j].t == T_NUM) {
                *why = "string built from character codes";
                return true;
            }
        }
        /* UNION [ALL|DISTINCT] SELECT, also UNION(SELECT */
        if (tok_is(a, "union") && b) {
            const tok *x = b;
            size_t j = i + 1;
            while (j < k && (t[j].t == T_LPAR || tok_is(&t[j], "all") || tok_is(&t[j], "distinct")))
                j++;
            x = j < k ? &t[j] : NULL;
            if (x && (tok_is(x, "select") || tok_is(x, "values"))) {
                *why = "UNION SELECT";
                return true;
            }
        }
        /* a sub-query: (SELECT, or SELECT after a broken-out string or an operator; not
         * after a slash, which is a URL's or a path's (/select-the-right-ssd/), nor
         * straight after AND or OR, which no dialect parses without a parenthesis and
         * prose writes ("..., and select the cheapest one") */
        if (a->t == T_STMT && tok_is(a, "select") && i > 0 &&
            (t[i - 1].t == T_LPAR || (t[i - 1].t == T_BREAK && !quoted_alone(t, i, k)) ||
             (t[i - 1].t == T_OP && !(t[i - 1].n == 1 && t[i - 1].p[0] == '/') &&
              !prose_dash(t, i - 1)) ||
             t[i - 1].t == T_CMP || t[i - 1].t == T_SEMI)) {
            *why = "sub-query SELECT";
            return true;
        }
        /* SELECT list FROM: single operands separated by commas, not prose */
        if (tok_is(a, "select")) {
            size_t j = i + 1, operands = 0;
            bool prose = false;
            while (j < k && j < i + 24) {
                if (t[j].t == T_FUNC || t[j].t == T_CALL) {
                    j = skip_call(t, j, k);
                    operands++;
                    continue;
                }
                if (tok_is(&t[j], "from"))
                    break;
                if ((t[j].t == T_WORD || t[j].t == T_NUM) && j > i + 1 &&
                    (t[j - 1].t == T_WORD || t[j - 1].t == T_NUM) && !tok_is(&t[j - 1], "as"))
                    prose = true;
                operands +=
                    is_operand(t[j].t) || (t[j].t == T_OP && t[j].n == 1 && t[j].p[0] == '*');
                j++;
            }
            if (j < k && tok_is(&t[j], "from") && operands && !prose && j + 1 < k &&
                (t[j + 1].t == T_WORD || t[j + 1].t == T_CLAUSE || t[j + 1].t == T_LPAR)) {
                *why = "SELECT ... FROM";
                return true;
            }
        }
        /* GROUP BY columns HAVING a predicate (a comparison, or an aggregate's call): a
         * clause sequence prose does not make ("grouped by age, having fun") */
        if (tok_is(a, "group") && b && tok_is(b, "by")) {
            size_t j = i + 2, columns = 0;
            while (j < k && j < i + 12 && (is_operand(t[j].t) || t[j].t == T_COMMA)) {
                if (t[j].t == T_FUNC || t[j].t == T_CALL) {
                    j = skip_call(t, j, k);
                    columns++;
                    continue;
                }
                columns += t[j].t != T_COMMA;
                j++;
            }
            if (columns && j + 2 < k && tok_is(&t[j], "having") &&
                (((t[j + 1].t == T_FUNC || t[j + 1].t == T_CALL) && t[j + 2].t == T_LPAR) ||
                 (is_operand(t[j + 1].t) && t[j + 2].t == T_CMP))) {
                *why = "GROUP BY ... HAVING";
                return true;
            }
        }
        /* WHERE|HAVING then a comparison of two constants alike (1=1, 'a'='b', x=x): a
         * condition that tests no column, the tautology or contradiction an injected
         * clause carries; a search's "where 2 = 3" has no reason to be sent alone */
        if ((tok_is(a, "where") || tok_is(a, "having")) && c && c->t == T_CMP && i + 3 < k &&
            constants_alike(b, &t[i + 3])) {
            *why = "WHERE or HAVING on constants";
            return true;
        }
        /* a comparison of two numbers in parentheses that is a function's first
         * argument or a factor: ELT(5731=5731,1), MAKE_SET(3=4,x), (5731=5731)*7. A
         * comparison's truth used as a number is how a boolean-blind probe asks its
         * question where no WHERE is open (MySQL gives 1 or 0); a formula compares cells
         * or fields, not one constant with another */
        if (a->t == T_LPAR && i + 4 < k && t[i + 1].t == T_NUM && t[i + 2].t == T_CMP &&
            t[i + 2].n == 1 && t[i + 2].p[0] == '=' && t[i + 3].t == T_NUM &&
            ((i > 0 && (t[i - 1].t == T_FUNC || t[i - 1].t == T_CALL) && t[i + 4].t == T_COMMA) ||
             (t[i + 4].t == T_RPAR && i + 5 < k && t[i + 5].t == T_OP))) {
            *why = "comparison of constants used as a number";
            return true;
        }
        /* a broken-out string given a collation or a null test and then cut off:
         * ' COLLATE NOCASE-- (SQLite compares the password case-blind), ' NOTNULL --
         * (PostgreSQL's and SQLite's postfix forms of IS NOT NULL). An apostrophe in
         * prose is followed by more words, not by a clause and the end of the query */
        if (i > 0 && t[i - 1].t == T_BREAK &&
            ((tok_is(a, "collate") && b && (b->t == T_WORD || b->t == T_STR)) ||
             tok_is(a, "notnull") || tok_is(a, "isnull"))) {
            size_t e = tok_is(a, "collate") ? i + 2 : i + 1;
            if (e == k || t[e].t == T_COMMENT) {
                *why = "collation or null test after a closed string, then the end";
                return true;
            }
        }
        /* stacked statement: ; DROP, ; EXEC, ; SELECT ... */
        if (a->t == T_SEMI && b && (b->t == T_STMT || tok_is(b, "set") || tok_is(b, "begin"))) {
            *why = "stacked statement";
            return true;
        }
        /* WAITFOR DELAY|TIME takes a time string: '0:0:5' */
        if (tok_is(a, "waitfor") && b && (tok_is(b, "delay") || tok_is(b, "time")) && c &&
            (c->t == T_STR || c->t == T_OPEN || c->t == T_VAR)) {
            *why = "WAITFOR DELAY";
            return true;
        }
        if (a->t == T_STMT && (tok_is(a, "insert") || tok_is(a, "replace")) && b &&
            tok_is(b, "into")) {
            *why = "INSERT INTO";
            return true;
        }
        if ((tok_is(a, "drop") || tok_is(a, "truncate") || tok_is(a, "alter") ||
             tok_is(a, "create")) &&
            b &&
            (tok_is(b, "table") || tok_is(b, "database") || tok_is(b, "user") ||
             tok_is(b, "procedure") || tok_is(b, "function"))) {
            *why = "DDL statement";
            return true;
        }
        /* PostgreSQL's COPY of a table from or to a server file or a program:
         * copy t from '/etc/passwd', copy t to program 'id' */
        if (tok_is(a, "copy") && b && (b->t == T_WORD || b->t == T_CLAUSE) && c &&
            (tok_is(c, "from") || tok_is(c, "to")) && i + 3 < k &&
            (tok_is(&t[i + 3], "program") ||
             ((t[i + 3].t == T_STR || t[i + 3].t == T_OPEN) && t[i + 3].n > 1 &&
              (t[i + 3].p[1] == '/' || t[i + 3].p[1] == '\\' ||
               (t[i + 3].n > 2 && t[i + 3].p[2] == ':'))))) {
            *why = "COPY from or to a server file";
            return true;
        }
        /* T-SQL's BACKUP DATABASE|LOG name TO DISK|URL = 'path': a copy of the database
         * written where the attacker reads it (a share: '\\host\share\x.bak') */
        if (tok_is(a, "backup") && b && (tok_is(b, "database") || tok_is(b, "log")) && c &&
            i + 5 < k && tok_is(&t[i + 3], "to") &&
            (tok_is(&t[i + 4], "disk") || tok_is(&t[i + 4], "url")) && t[i + 5].t == T_CMP) {
            *why = "BACKUP DATABASE to a file";
            return true;
        }
        if (tok_is(a, "delete") && b && tok_is(b, "from")) {
            *why = "DELETE FROM";
            return true;
        }
        if (tok_is(a, "into") && b && (tok_is(b, "outfile") || tok_is(b, "dumpfile"))) {
            *why = "INTO OUTFILE";
            return true;
        }
        /* a number joined to a boolean literal: 1 and true, 0 or false */
        if (a->t == T_LOGIC && i > 0 && t[i - 1].t == T_NUM &&
            isdigit((unsigned char)t[i - 1].p[0]) && b &&
            (tok_is(b, "true") || tok_is(b, "false"))) {
            *why = "logical operator and a boolean";
            return true;
        }
        if (tok_is(a, "procedure") && b && (tok_is(b, "analyse") || tok_is(b, "analyze"))) {
            *why = "PROCEDURE ANALYSE";
            return true;
        }
        /* a MySQL character-set introducer: _utf8'...', _binary"...". The name is one of
         * the server's character sets; a file name cut before an HTML-escaped quote
         * (photo_t.jpg&quot;) has a word after its underscore, not a character set */
        if (a->t == T_WORD && a->n > 2 && a->p[0] == '_' && b &&
            (b->t == T_STR || b->t == T_OPEN) && a->p + a->n == b->p &&
            in_list(mysql_character_sets, a->p + 1, a->n - 1)) {
            *why = "character set introducer";
            return true;
        }
        /* a JSON operator right after a broken-out string or an operand and a string:
         * ->, ->>, #>, #>>, @>, <@ (and <>); a search syntax's field:>100 is none */
        if (a->t == T_CMP && a->n >= 2 && (a->p[1] == '>' || a->p[1] == '@') &&
            strchr("-#@<", a->p[0]) && a->p[0] && i > 0 &&
            (t[i - 1].t == T_BREAK || is_operand(t[i - 1].t)) && b &&
            (b->t == T_STR || b->t == T_OPEN || b->t == T_NUM)) {
            *why = "JSON operator";
            return true;
        }
        if (a->t == T_CAST && i > 0 && is_operand(t[i - 1].t)) {
            *why = "::type cast";
            return true;
        }
        /* SELECT of a function or a server variable: select version(), select @@x, and
         * the SQL standard's functions called without parentheses (select current_user) */
        if (tok_is(a, "select") && b &&
            (b->t == T_FUNC || b->t == T_VAR || in_list(sql_niladic, b->p, b->n) ||
             /* pg_sleep, not sleep: "select sleep number bed" is a search */
             ((b->t == T_WORD || b->t == T_CLAUSE) && memchr(b->p, '_', b->n) &&
              (sql_class(ws, b->p, b->n) & SQL_PROBE)))) {
            *why = "SELECT of a function";
            return true;
        }
        /* DROP|TRUNCATE|ALTER name, then a comment: the rest of the query cut off */
        if ((tok_is(a, "drop") || tok_is(a, "truncate") || tok_is(a, "alter")) && b &&
            (b->t == T_WORD || b->t == T_CLAUSE) && c &&
            (c->t == T_COMMENT || (c->t == T_SEMI && i + 3 < k && t[i + 3].t == T_COMMENT))) {
            *why = "DDL statement cut off by a comment";
            return true;
        }
        /* CASE WHEN, EXEC(UTE) IMMEDIATE|'string'|procedure */
        bool then = false;
        for (size_t j = i + 2; j < k && !then; j++)
            then = tok_is(&t[j], "then");
        if (tok_is(a, "case") && b && tok_is(b, "when") && then) {
            *why = "CASE WHEN";
            return true;
        }
        if ((tok_is(a, "exec") || tok_is(a, "execute")) && b &&
            (tok_is(b, "immediate") || b->t == T_STR || b->t == T_OPEN ||
             (b->t == T_LPAR && c && (c->t == T_STR || c->t == T_OPEN || c->t == T_VAR)) ||
             (b->n > 3 && (!memcmp(b->p, "xp_", 3) || !memcmp(b->p, "sp_", 3))))) {
            *why = "EXECUTE";
            return true;
        }
        /* a conditional function whose first argument is a comparison: if(1=1, iif(x> */
        if (a->t == T_FUNC && (tok_is(a, "if") || tok_is(a, "iif") || tok_is(a, "nullif")) &&
            i + 3 < k + 1 && b && b->t == T_LPAR && c && is_operand(c->t) && i + 3 < k &&
            (t[i + 3].t == T_CMP || t[i + 3].t == T_CMPWORD)) {
            *why = "conditional on a comparison";
            return true;
        }
        /* LIKE, IS ... after a closing parenthesis or at the start: ') like (', 'like null' */
        if (a->t == T_CMPWORD && (tok_is(a, "like") || tok_is(a, "rlike") || tok_is(a, "regexp")) &&
            (i == 0 || t[i - 1].t == T_RPAR || t[i - 1].t == T_BREAK ||
             (i == 1 && t[0].t == T_NUM)) &&
            b && (b->t == T_LPAR || tok_is(b, "null") || b->t == T_OPEN || b->t == T_STR)) {
            *why = "LIKE comparison";
            return true;
        }
        /* a catalogue table; a name that is also an English word (dual) only where a
         * table goes (FROM dual) */
        bool marked = memchr(a->p, '_', a->n) || memchr(a->p, '.', a->n) ||
                      memchr(a->p, '$', a->n) || (a->n > 3 && !memcmp(a->p, "sys", 3)) ||
                      (a->n > 4 && !memcmp(a->p, "msys", 4));
        bool table_slot = i > 0 && (tok_is(&t[i - 1], "from") || tok_is(&t[i - 1], "join"));
        if ((a->t == T_WORD || a->t == T_CLAUSE) && k >= 2 &&
            (((sql_class(ws, a->p, a->n) & SQL_CATALOGUE) && (marked || table_slot)) ||
             (table_slot && catalogue_schema(a->p, a->n)))) {
            *why = "catalogue table";
            return true;
        }
        if (a->t == T_VAR && a->n > 2 && a->p[1] == '@') {
            *why = "@@ server variable";
            return true;
        }
        /* a probing function anywhere after an operator, a logical word, a break */
        if (a->t == T_FUNC && (sql_class(ws, a->p, a->n) & SQL_PROBE) &&
            (i == 0 || t[i - 1].t == T_LOGIC || t[i - 1].t == T_OP || t[i - 1].t == T_CMP ||
             t[i - 1].t == T_CMPWORD || t[i - 1].t == T_BREAK || t[i - 1].t == T_LPAR ||
             t[i - 1].t == T_COMMA || t[i - 1].t == T_SEMI || t[i - 1].t == T_STMT ||
             t[i - 1].t == T_CLAUSE)) {
            *why = "time/error/file function";
            return true;
        }
        /* a condition joined by a logical operator: [x] AND|OR <operand> <cmp> <operand>,
         * or AND|OR <sql function>( ... ) */
        /* a broken-out string continued by a logical operator: ' or x, ') and ( */
        if (a->t == T_LOGIC && i > 0 && b &&
            (t[i - 1].t == T_BREAK || (t[i - 1].t == T_RPAR && t[0].t == T_BREAK && i <= 3)) &&
            (is_operand(b->t) || b->t == T_LPAR || tok_is(b, "not") || b->t == T_FUNC ||
             niladic_value(b))) {
            *why = "logical operator after a closed string";
            return true;
        }
        if (a->t == T_LOGIC &&
            (i == 0 || is_operand(t[i - 1].t) || t[i - 1].t == T_BREAK || t[i - 1].t == T_CLAUSE)) {
            size_t j = i + 1;
            if (j < k && tok_is(&t[j], "not"))
                j++;
            while (j < k && t[j].t == T_LPAR)
                j++;
            if (j < k && (t[j].t == T_FUNC || (t[j].t == T_STMT && tok_is(&t[j], "select")))) {
                *why = "logical operator and SQL function";
                return true;
            }
            if (j < k && is_operand(t[j].t)) {
                size_t m = j + 1;
                if (t[j].t == T_FUNC || t[j].t == T_CALL)
                    m = skip_call(t, j, k);
                /* the right side may be cut off: "or 'a' <" is a condition begun */
                if (m < k && (t[m].t == T_CMP || t[m].t == T_CMPWORD) &&
                    (m + 1 == k || is_operand(t[m + 1].t) || t[m + 1].t == T_LPAR ||
                     tok_is(&t[m + 1], "null") || t[m + 1].t == T_CLAUSE || t[m + 1].t == T_OP ||
                     tok_is(&t[m + 1], "not"))) {
                    /* both sides alike (1=1, 'a'='a') or any comparison after a break;
                     * not where the value itself opens with a comparison (labels =
                     * phishing and created >= -7d): an injection appends a condition to
                     * the value the application expected, and a value that is already
                     * an expression is a query language's own (JQL, CQL, OData) */
                    if (!opens_with_comparison(t, i, k)) {
                        *why = "logical operator and comparison";
                        return true;
                    }
                }
                /* [break] OR 1 --, OR true #; and after a number, where no quote needs
                 * closing: 1 or 1# */
                if ((quoted || t[0].t == T_NUM) && m < k && t[m].t == T_COMMENT) {
                    *why = "logical operator before a comment";
                    return true;
                }
                /* the same at the value's start with a constant: or true--, or 1# */
                if (i == 0 && m == j + 1 && m < k && t[m].t == T_COMMENT &&
                    (t[j].t == T_NUM || tok_is(&t[j], "true") || tok_is(&t[j], "false"))) {
                    *why = "logical operator before a comment";
                    return true;
                }
            }
        }
        (void)c;
    }
    /* a broken-out string followed by SQL: ' --, ' ;, ' + (, ') OR, ' || ... */
    if (quoted && k >= 2) {
        size_t j = 1;
        while (j < k && t[j].t == T_RPAR)
            j++;
        if (j < k) {
            const tok *x = &t[j];
            if (x->t == T_COMMENT && (t[0].n > 0 || j > 1 || k == 2)) {
                *why = "string closed before a comment";
                return true;
            }
            /* a statement, a call or a comment after the ';': a sentence's quoted
             * separator (handle ';' in csv fields) goes on in words */
            if (x->t == T_SEMI && j + 1 < k &&
                (t[j + 1].t == T_STMT || t[j + 1].t == T_COMMENT || t[j + 1].t == T_VAR ||
                 t[j + 1].t == T_FUNC || t[j + 1].t == T_CALL || tok_is(&t[j + 1], "set") ||
                 tok_is(&t[j + 1], "begin") || tok_is(&t[j + 1], "declare") ||
                 tok_is(&t[j + 1], "if") || tok_is(&t[j + 1], "while"))) {
                *why = "string closed before a statement";
                return true;
            }
            if ((x->t == T_OP || x->t == T_LOGIC || x->t == T_CMP) && j + 1 < k &&
                (t[j + 1].t == T_FUNC || t[j + 1].t == T_LPAR || t[j + 1].t == T_VAR ||
                 t[j + 1].t == T_STMT) &&
                x->t != T_CMP) {
                *why = "string closed before an expression";
                return true;
            }
            if ((x->t == T_CMPWORD || x->t == T_CLAUSE) && j + 1 < k &&
                (tok_is(x, "order") || tok_is(x, "group") || tok_is(x, "having") ||
                 tok_is(x, "limit") || tok_is(x, "like") || tok_is(x, "regexp") ||
                 tok_is(x, "rlike") || tok_is(x, "in") || tok_is(x, "between"))) {
                *why = "string closed before a clause";
                return true;
            }
        }
    }
    /* ORDER BY n / GROUP BY n after a number or a break, as column-count probes do; at
     * the value's start only when nothing or a comment follows the number (the probe
     * appended to an empty value: " ORDER BY 5-- "), not "order by 3 days" */
    for (size_t i = 0; i + 2 < k; i++)
        if ((tok_is(&t[i], "order") || tok_is(&t[i], "group")) && tok_is(&t[i + 1], "by") &&
            t[i + 2].t == T_NUM &&
            ((i > 0 && (t[i - 1].t == T_NUM || t[i - 1].t == T_BREAK)) ||
             (i == 0 && (i + 3 == k || t[i + 3].t == T_COMMENT)))) {
            *why = "ORDER BY column number";
            return true;
        }
    return false;
}

/* MongoDB's shell methods on the database or on a collection, as server-side JavaScript
 * ($where, mapReduce) runs them: db.getCollectionNames(), db.users.find( (the mongosh
 * reference's names). */
static bool mongo_shell(const char *v, size_t n, const char **why)
{
    static const char *const db_methods[] = {"getcollectionnames",
                                             "getcollectioninfos",
                                             "dropdatabase",
                                             "eval",
                                             "getsiblingdb",
                                             "getname",
                                             "runcommand",
                                             "admincommand",
                                             "getusers",
                                             "createuser",
                                             "version",
                                             NULL};
    static const char *const collection_methods[] = {"find",
                                                     "findone",
                                                     "insert",
                                                     "insertone",
                                                     "insertmany",
                                                     "update",
                                                     "updateone",
                                                     "updatemany",
                                                     "remove",
                                                     "deleteone",
                                                     "deletemany",
                                                     "drop",
                                                     "aggregate",
                                                     "mapreduce",
                                                     "count",
                                                     "countdocuments",
                                                     "distinct",
                                                     "replaceone",
                                                     "findandmodify",
                                                     "findoneandupdate",
                                                     "findoneanddelete",
                                                     "findoneandreplace",
                                                     "createindex",
                                                     "renamecollection",
                                                     NULL};
    for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), "db.", 3)); p++) {
        if (p > v && (isalnum((unsigned char)p[-1]) || p[-1] == '.' || p[-1] == '_'))
            continue;
        const char *a = p + 3, *e = a, *end = v + n;
        while (e < end && (isalnum((unsigned char)*e) || *e == '_'))
            e++;
        if (e == a || e >= end)
            continue;
        if (*e == '(' && in_list(db_methods, a, (size_t)(e - a))) {
            *why = "MongoDB shell method";
            return true;
        }
        if (*e != '.')
            continue;
        const char *m = e + 1, *me = m;
        while (me < end && isalnum((unsigned char)*me))
            me++;
        if (me < end && *me == '(' && in_list(collection_methods, m, (size_t)(me - m))) {
            *why = "MongoDB shell method";
            return true;
        }
    }
    return false;
}

/* A JavaScript condition on two alike constants after || or && or return (|| 1==1,
 * return 'a'=='a'): what an injection into a $where expression appends. */
static bool js_constant_condition(const char *v, size_t n, const char **why)
{
    for (size_t i = 0; i + 4 < n; i++) {
        size_t j;
        if ((v[i] == '|' || v[i] == '&') && v[i + 1] == v[i])
            j = i + 2;
        else if (has_prefix(v + i, n - i, "return") &&
                 (i == 0 || !isalnum((unsigned char)v[i - 1])))
            j = i + 6;
        else
            continue;
        j = skip_blanks(v, j, n);
        size_t a = j;
        if (j < n && (v[j] == '\'' || v[j] == '"')) {
            const char *q = memchr(v + j + 1, v[j], n - j - 1);
            if (!q)
                continue;
            j = (size_t)(q - v) + 1;
        } else {
            while (j < n && isdigit((unsigned char)v[j]))
                j++;
        }
        size_t al = j - a;
        if (!al)
            continue;
        j = skip_blanks(v, j, n);
        if (j + 2 > n || v[j] != '=' || v[j + 1] != '=')
            continue;
        j += j + 2 < n && v[j + 2] == '=' ? 3 : 2;
        j = skip_blanks(v, j, n);
        if (n - j >= al && !memcmp(v + a, v + j, al) &&
            (j + al == n || !isalnum((unsigned char)v[j + al]))) {
            *why = "JavaScript condition on constants";
            return true;
        }
    }
    return false;
}

/* MongoDB's query operators where a value was expected: user[$ne]=, {"$gt": ""},
 * {$where: ...} (NoSQL injection, reported with SQL injection). A value that is a whole
 * JSON document is a filter an API takes by design (Oracle REST Data Services' q=,
 * RESTHeart's filter=), and so is a parameter under a filters[...] root, Strapi's
 * documented REST filtering (filters[title][$eq]=x, written by the qs library): there
 * only the operators that run JavaScript count. */
static bool nosql(const char *v, size_t n, const char **why)
{
    static const char *const ops[] = {
        "ne",          "eq",     "gt",   "gte", "lt",  "lte",  "in",  "nin",       "regex",
        "where",       "exists", "expr", "or",  "and", "not",  "nor", "elemmatch", "function",
        "accumulator", "type",   "size", "all", "mod", "text", NULL};
    static const char *const runs_code[] = {"where", "function", "accumulator", NULL};
    size_t a = 0, b = n;
    while (a < b && isspace((unsigned char)v[a]))
        a++;
    while (b > a && isspace((unsigned char)v[b - 1]))
        b--;
    bool filter = (b - a >= 2 && v[a] == '{' && v[b - 1] == '}') || has_prefix(v, n, "filters[");
    for (size_t i = 0; i + 2 < n; i++) {
        if (v[i] != '$')
            continue;
        /* where an operator stands: a bracket's, a quoted key's, an object's first key;
         * an operator that runs JavaScript also as an unquoted key in a JavaScript
         * object's syntax, at the value's start or after a blank or a comma
         * (', $where: '1 == 1'), as the shell of a query built by string concatenation
         * reads it */
        bool keyed =
            i > 0 && (v[i - 1] == '[' || v[i - 1] == '"' || v[i - 1] == '{' || v[i - 1] == '\'');
        bool bare = i == 0 || v[i - 1] == ' ' || v[i - 1] == ',';
        if (!keyed && !bare)
            continue;
        size_t j = i + 1;
        while (j < n && isalpha((unsigned char)v[j]))
            j++;
        if (keyed && j < n && (v[j] == ']' || v[j] == '"' || v[j] == '\'' || v[j] == ':') &&
            in_list(filter ? runs_code : ops, v + i + 1, j - i - 1)) {
            *why = "NoSQL query operator";
            return true;
        }
        size_t colon = skip_blanks(v, j, n);
        if (bare && colon < n && v[colon] == ':' && in_list(runs_code, v + i + 1, j - i - 1)) {
            *why = "NoSQL operator that runs JavaScript ($where)";
            return true;
        }
        /* any operator as a key right after a string closed and a comma: ', $or: [ */
        size_t k = i;
        while (k > 0 && v[k - 1] == ' ')
            k--;
        if (bare && k > 0 && v[k - 1] == ',') {
            k--;
            while (k > 0 && v[k - 1] == ' ')
                k--;
            if (k > 0 && (v[k - 1] == '\'' || v[k - 1] == '"') && colon < n && v[colon] == ':' &&
                in_list(filter ? runs_code : ops, v + i + 1, j - i - 1)) {
                *why = "NoSQL operator after a closed string";
                return true;
            }
        }
    }
    return mongo_shell(v, n, why) || js_constant_condition(v, n, why);
}

/* Whether the value's first quote of this kind opens a string of the value's own
 * expression rather than closing the application's: it follows a comparison, an
 * operator, an opening parenthesis or a comma (text ~ "password reset", status in
 * ("open"), $filter=name eq 'x'). An injection's quote follows the value it ends
 * (admin'--, 1' or '1'='1) or opens the value. */
static bool quote_opens_a_literal(const char *v, size_t n, char quote)
{
    const char *q = memchr(v, quote, n);
    if (!q)
        return false;
    const char *p = q;
    while (p > v && p[-1] == ' ')
        p--;
    if (p == v)
        return false;
    if (p[-1] && strchr("=<>~(,", p[-1]))
        return p - 1 > v; /* a value that is only "='..." is a break-out's own shape */
    static const char *const words[] = {"like", "eq", "ne", "in", "is", NULL};
    for (size_t i = 0; words[i]; i++) {
        size_t l = strlen(words[i]);
        if ((size_t)(p - v) > l && !strncasecmp(p - l, words[i], l) && p[-(ptrdiff_t)l - 1] == ' ')
            return true;
    }
    return false;
}

bool fk_webstruct_sqli(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field field,
                       const char **why)
{
    if (n < 2)
        return false;
    if (nosql(v, n, why))
        return true;
    /* MySQL runs what a comment holds when it opens with '!': / *!50000select* / */
    for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), "/*!", 3)); p += 3) {
        const char *q = p + 3, *end = v + n;
        while (q < end && isdigit((unsigned char)*q))
            q++;
        while (q < end && *q == ' ')
            q++;
        const char *wd = q;
        while (q < end && isalpha((unsigned char)*q))
            q++;
        if (q > wd && sql_class(w, wd, (size_t)(q - wd))) {
            *why = "MySQL executable comment";
            return true;
        }
    }
    tok t[MAX_TOKS];
    static const char contexts[] = {0, '\'', '"'};
    /* free text reaches SQL as a string literal, never as a number or a name: an input
     * that ends that string first ("x' or 1=1") is SQL, and "drop table if exists"
     * typed into a search box is words. Read unquoted it is SQL only when it also ends
     * the statement it was put in (a comment or a ';'): payloads sprayed over every
     * parameter ("1 waitfor delay '0:0:5'--") carry that, a person's search does not.
     * Both breaks count at the value's head only (fk_webstruct_text_breaks). */
    unsigned breaks = field == FK_WS_TEXT ? fk_webstruct_text_breaks(v, n) : ~0u;
    for (size_t c = 0; c < sizeof contexts; c++) {
        if (!(breaks & (c ? FK_WS_BREAK_QUOTE : FK_WS_BREAK_STATEMENT)))
            continue;
        if (c && quote_opens_a_literal(v, n, contexts[c]))
            continue;
        size_t k = sql_tokens(w, v, n, contexts[c], t);
        if (k && sql_shapes(w, t, k, contexts[c] != 0, why))
            return true;
    }
    return false;
}

/* ==== HTML and JavaScript ============================================================
 * A value reaches a page either as markup (a tag is opened) or inside an attribute or a
 * script string (a quote is closed first). The reader looks for what only an attack
 * needs there: an element that runs or loads code, an event-handler attribute, a
 * script URL, or, after a closed string, a call of a script function. */

/* Elements that run script, load documents or change where the page's URLs point. */
static const char *const html_active[] = {
    "script",   "iframe",  "frame", "frameset",      "object",   "embed", "applet",
    "svg",      "math",    "base",  "meta",          "link",     "style", "template",
    "portal",   "isindex", "xml",   "import",        "vmlframe", "xss",   "handler",
    "listener", "animate", "set",   "foreignobject", NULL};
/* Script functions and objects that matter to an attacker (read cookies, navigate,
 * run strings as code, pop up a proof). */
static const char *const js_sinks[] = {"alert",
                                       "prompt",
                                       "confirm",
                                       "eval",
                                       "settimeout",
                                       "setinterval",
                                       "function",
                                       "fetch",
                                       "atob",
                                       "import",
                                       "constructor",
                                       "document.write",
                                       "document.writeln",
                                       "document.cookie",
                                       "document.domain",
                                       "document.location",
                                       "window.location",
                                       "location.href",
                                       "location.hash",
                                       "location",
                                       "top.location",
                                       "self.location",
                                       "string.fromcharcode",
                                       "xmlhttprequest",
                                       "navigator.sendbeacon",
                                       "print",
                                       "window.open",
                                       "window.name",
                                       "localstorage",
                                       "sessionstorage",
                                       "postmessage",
                                       "innerhtml",
                                       "outerhtml",
                                       "src",
                                       "globalthis",
                                       "unescape",
                                       "decodeuricomponent",
                                       "console.log",
                                       "jquery",
                                       "$.getscript",
                                       "execscript",
                                       "msgbox",
                                       NULL};
static const char *const url_schemes[] = {"javascript:",
                                          "vbscript:",
                                          "livescript:",
                                          "data:text/html",
                                          "data:image/svg+xml",
                                          "data:application/x-javascript",
                                          "mocha:",
                                          NULL};

/* The name of an attribute that starts at s[i], and where it ends. */
static size_t attr_name(const char *s, size_t i, size_t n)
{
    size_t j = i;
    while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '_' || s[j] == ':'))
        j++;
    return j;
}

/* true when s (whitespace and the characters browsers skip removed) begins with a
 * script URL scheme: "java\tscript:" and " javascript:" count as "javascript:". */
static bool script_url(const char *s, size_t n)
{
    char buf[32];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof buf - 1; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c == '"' || c == '\'' || c == '`')
            continue;
        buf[k++] = (char)c;
    }
    buf[k] = '\0';
    for (size_t i = 0; url_schemes[i]; i++)
        if (has_prefix(buf, k, url_schemes[i]))
            return true;
    return false;
}

/* AngularJS's directives that evaluate their value as an expression on an event or at
 * start (the ng module's API reference: ngClick, ngFocus, ngInit...), as attributes. */
static const char *const angular_handlers[] = {
    "ng-blur",      "ng-change",    "ng-click",      "ng-copy",       "ng-cut",
    "ng-dblclick",  "ng-focus",     "ng-init",       "ng-keydown",    "ng-keypress",
    "ng-keyup",     "ng-mousedown", "ng-mouseenter", "ng-mouseleave", "ng-mousemove",
    "ng-mouseover", "ng-mouseup",   "ng-paste",      "ng-submit",     NULL};

/* An event handler (on...=), an AngularJS directive or a script URL in the attributes
 * from s[i] to the tag's end; *stop: where the reading ended (the '>' or n). */
static bool attrs_active(const char *s, size_t i, size_t n, const char **why, size_t *stop)
{
    *stop = n;
    while (i < n && s[i] != '>') {
        if (isalpha((unsigned char)s[i]) && (i == 0 || !isalnum((unsigned char)s[i - 1]))) {
            size_t e = attr_name(s, i, n);
            size_t j = e;
            while (j < n && isspace((unsigned char)s[j]))
                j++;
            bool assign = j < n && s[j] == '=';
            if (assign && e - i > 2 && s[i] == 'o' && s[i + 1] == 'n') {
                *why = "event handler attribute";
                return true;
            }
            if (assign && in_list(angular_handlers, s + i, e - i)) {
                *why = "AngularJS expression attribute";
                return true;
            }
            if (assign) {
                size_t v = j + 1;
                while (v < n && isspace((unsigned char)s[v]))
                    v++;
                if (script_url(s + v, n - v)) {
                    *why = "script URL in an attribute";
                    return true;
                }
                if ((e - i == 5 && !memcmp(s + i, "style", 5)) &&
                    (memmem(s + v, n - v, "expression(", 11) ||
                     memmem(s + v, n - v, "javascript:", 11) ||
                     memmem(s + v, n - v, "behavior:", 9))) {
                    *why = "script in a style attribute";
                    return true;
                }
            }
            i = e > i ? e : i + 1;
            continue;
        }
        i++;
    }
    *stop = i;
    return false;
}

/* The attributes from s[from] read once: a stretch already read to its end and found
 * quiet ([*quiet_from, *quiet_to]) holds nothing from any later place in it either. A
 * value of many '<a' or quotes and no '>' was read to its end from each of them. */
static bool attrs_active_once(const char *s, size_t from, size_t n, size_t *quiet_from,
                              size_t *quiet_to, const char **why)
{
    if (from >= *quiet_from && from <= *quiet_to)
        return false;
    size_t stop;
    if (attrs_active(s, from, n, why, &stop))
        return true;
    *quiet_from = from;
    *quiet_to = stop;
    return false;
}

/* A call of a script function: name( or name` (tagged template), through property
 * chains (window.alert; top['alert'] is global_computed_call's). */
static bool js_call_at(const char *s, size_t i, size_t n)
{
    size_t j = i;
    while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '.' || s[j] == '_' || s[j] == '$'))
        j++;
    if (j == i)
        return false;
    size_t w = j;
    while (j < n && isspace((unsigned char)s[j]))
        j++;
    bool call = j < n && (s[j] == '(' || s[j] == '`');
    bool assign = j < n && s[j] == '=' && (j + 1 >= n || s[j + 1] != '=');
    /* the last part of a dotted name decides: window.alert -> alert */
    const char *name = s + i;
    size_t nl = w - i;
    if (in_list(js_sinks, name, nl))
        return call || assign || !strncmp(name, "document.cookie", nl);
    const char *dot = memrchr(name, '.', nl);
    if (dot && in_list(js_sinks, dot + 1, (size_t)(name + nl - dot - 1)))
        return call || assign;
    return false;
}

/* JavaScript written with six characters (JSFuck, Hieroglyphy): ![] and +[] make
 * booleans and numbers, their concatenations strings, and []["filter"]["constructor"]
 * runs one, so any script passes a filter that looks for letters. Such a run is the
 * whole value (a '+' may arrive decoded as a space), or a long stretch of one. */
static bool jsfuck(const char *v, size_t n)
{
    size_t run = 0, marks = 0, best = 0;
    bool not_bracket = false, whole = true;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? v[i] : '\0';
        if (c == '[' || c == ']' || c == '(' || c == ')' || c == '!' || c == '+') {
            run++;
            marks++;
            if (c == '!' && i + 2 < n && v[i + 1] == '[' && v[i + 2] == ']')
                not_bracket = true;
        } else if (c == ' ' && run) {
            run++;
        } else {
            if (i < n && c != ' ')
                whole = false;
            if (run > best)
                best = run;
            run = 0;
        }
    }
    return not_bracket && ((whole && marks >= 5) || best >= 32);
}

/* An element named in a sentence (Revert "Escape <script> in comments", "use <template>
 * for rows"): its bare opening tag with nothing after it up to the next tag that a
 * script or a style would run (a call, an assignment, a member, a block). Free text
 * names elements so; an injection gives the element code, attributes or an end tag. */
static bool element_named_in_text(const char *v, size_t e, size_t n)
{
    if (e >= n || v[e] != '>')
        return false;
    for (size_t k = e + 1; k < n && v[k] != '<'; k++)
        if (strchr("(=;[{`", v[k]) ||
            (v[k] == '.' && k + 1 < n && isalpha((unsigned char)v[k + 1])))
            return false;
    return true;
}

/* The browser's global objects, through which a script reaches any function by a
 * name it computes: window['al'+'ert'](1), top[/al/.source+/ert/.source](1). */
static const char *const js_globals[] = {"window", "self",       "top",      "parent",  "frames",
                                         "opener", "globalthis", "document", "content", NULL};

/* How far the shell and script readers look for the other end of what they opened at
 * one place (a closing bracket, quote or parenthesis, an assignment before a command):
 * each place looks a bounded way, so a value made of many such openings is read in
 * time linear in its length. What they find is short in every attack. */
#define FK_WS_REACH 512

/* A value that is itself a script: it lands inside a <script> block or an event
 * handler unquoted, with no string to close. Only what no sentence or setting writes:
 *  - the whole value a call of a dialog (alert(1), prompt(document.domain);//),
 *    a number, a string, a regular expression or a DOM object its argument;
 *  - a dialog function used as a value: called through a group ((alert)(1)), passed
 *    as a callback ([1].find(alert)) or called through a name given it (a=alert,a(1));
 *  - a sink that runs strings as code or markup fed from the URL, the attacker's
 *    second channel: eval(location.hash.slice(1)), setTimeout(name), innerHTML=URL.
 * The value is lower-cased. i is at a word's start; returns the reason or NULL. */
static const char *js_value_script(const char *v, size_t i, size_t n)
{
    static const char *const dialogs[] = {"alert", "prompt", "confirm", NULL};
    static const char *const sinks[] = {"eval",       "settimeout",     "setinterval",
                                        "execscript", "document.write", "document.writeln",
                                        "innerhtml",  "outerhtml",      "insertadjacenthtml",
                                        NULL};
    static const char *const sources[] = {
        "location",    "document.url", "document.documenturi", "document.referrer",
        "window.name", "url.",         "document.baseuri",     NULL};
    size_t e = i;
    while (e < n && (isalnum((unsigned char)v[e]) || v[e] == '_' || v[e] == '.' || v[e] == '$'))
        e++;
    size_t a = e;
    while (a < n && v[a] == ' ')
        a++;
    size_t b = i;
    while (b > 0 && v[b - 1] == ' ')
        b--;
    char before = b > 0 ? v[b - 1] : '\0';
    if (in_list(dialogs, v + i, e - i)) {
        if (a == e && a < n && v[a] == '(' && b == 0) {
            size_t c = a + 1;
            bool arg =
                c < n && (isdigit((unsigned char)v[c]) || v[c] == '\'' || v[c] == '"' ||
                          v[c] == '`' || v[c] == '/' || has_prefix(v + c, n - c, "document.") ||
                          has_prefix(v + c, n - c, "window."));
            const char *close = memchr(v + c, ')', n - c);
            if (arg && close) {
                size_t t = (size_t)(close - v) + 1;
                while (t < n && (v[t] == ' ' || v[t] == ';'))
                    t++;
                if (t == n || has_prefix(v + t, n - t, "//"))
                    return "dialog call as the whole value";
            }
        }
        if (before == '(' && a + 1 < n && v[a] == ')' && v[a + 1] == '(')
            return "script function called through a group";
        if (before == '(' && a < n && v[a] == ')' && b >= 2 &&
            (isalnum((unsigned char)v[b - 2]) || v[b - 2] == '_')) {
            size_t m = b - 1;
            while (m > 0 && (isalnum((unsigned char)v[m - 1]) || v[m - 1] == '_'))
                m--;
            if (m > 0 && v[m - 1] == '.')
                return "script function passed as a callback";
        }
        if (before == '=' && a < n && (v[a] == ',' || v[a] == ';')) {
            size_t m = b - 1;
            while (m > 0 && v[m - 1] == ' ')
                m--;
            size_t k = m;
            while (k > 0 &&
                   (isalnum((unsigned char)v[k - 1]) || v[k - 1] == '_' || v[k - 1] == '$'))
                k--;
            if (m > k) {
                /* the alias called within the next 256 bytes: a value of many
                 * a=alert, is read once over, not from each of them to its end */
                size_t stop = n - a > 256 ? a + 256 : n;
                for (const char *p = v + a; (p = memmem(p, (size_t)(v + stop - p), v + k, m - k));
                     p++) {
                    size_t q = (size_t)(p - v) + (m - k);
                    bool alone = p == v || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
                    if (alone && q < n && v[q] == '(')
                        return "script function called through a name given it";
                }
            }
        }
        return NULL;
    }
    /* window.onerror=alert;throw 1: the handler is called with the thrown value, a
     * call written without parentheses */
    size_t last = e;
    while (last > i && v[last - 1] != '.')
        last--;
    if (e - last == 7 && !memcmp(v + last, "onerror", 7) && a < n && v[a] == '=') {
        size_t f = a + 1;
        while (f < n && v[f] == ' ')
            f++;
        size_t g = f;
        while (g < n && (isalnum((unsigned char)v[g]) || v[g] == '.' || v[g] == '_'))
            g++;
        if ((in_list(dialogs, v + f, g - f) || (g - f == 4 && !memcmp(v + f, "eval", 4))) &&
            memmem(v + g, (n - g > 256 ? 256 : n - g), "throw", 5))
            return "error handler set to a script function, then an error thrown";
    }
    /* the sink at the end of a member chain: el.innerHTML=, window.document.write( */
    size_t s0 = i;
    for (size_t k = i; k < e; k++)
        if (v[k] == '.' && !in_list(sinks, v + s0, e - s0))
            s0 = k + 1;
    if (!in_list(sinks, v + s0, e - s0) || a >= n || (v[a] != '(' && v[a] != '='))
        return NULL;
    size_t c = a + 1;
    while (c < n && (v[c] == ' ' || v[c] == '('))
        c++;
    /* setTimeout('alert(1)'): a string literal holding a call, run as code */
    static const char *const code_sinks[] = {"eval", "settimeout", "setinterval", "execscript",
                                             NULL};
    if (v[a] == '(' && c < n && (v[c] == '\'' || v[c] == '"' || v[c] == '`') &&
        in_list(code_sinks, v + s0, e - s0)) {
        const char *end = memchr(v + c + 1, v[c], n - c - 1);
        const char *call = memchr(v + c + 1, '(', (size_t)((end ? end : v + n) - (v + c + 1)));
        if (end && call && call > v + c + 1 && isalnum((unsigned char)call[-1]))
            return "string run as code by a script sink";
    }
    for (size_t k = 0; sources[k]; k++)
        if (has_prefix(v + c, n - c, sources[k]) &&
            (sources[k][strlen(sources[k]) - 1] == '.' || c + strlen(sources[k]) == n ||
             !isalnum((unsigned char)v[c + strlen(sources[k])])))
            return "script sink fed from the URL";
    return NULL;
}

/* Whether a global's computed member is called at i: NAME[ ... ]( */
static bool global_computed_call(const char *v, size_t i, size_t n)
{
    size_t e = i;
    while (e < n && isalpha((unsigned char)v[e]))
        e++;
    if (e == i || e >= n || v[e] != '[' ||
        (i > 0 && (isalnum((unsigned char)v[i - 1]) || v[i - 1] == '.' || v[i - 1] == '_')) ||
        !in_list(js_globals, v + i, e - i))
        return false;
    int depth = 0;
    for (size_t k = e; k < n && k < e + FK_WS_REACH; k++) {
        depth += v[k] == '[' ? 1 : v[k] == ']' ? -1 : 0;
        if (depth == 0) {
            size_t c = k + 1;
            while (c < n && isspace((unsigned char)v[c]))
                c++;
            return c < n && (v[c] == '(' || v[c] == '`');
        }
    }
    return false;
}

bool fk_webstruct_xss(const char *v, size_t n, fk_webstruct_field field, const char **why)
{
    if (memchr(v, '!', n) && jsfuck(v, n)) {
        *why = "script written in six characters (JSFuck)";
        return true;
    }
    /* UTF-7 (RFC 2152) spells < as +ADw-: a page a browser reads as UTF-7 opens the tag */
    for (const char *p = v; (p = memchr(p, '+', (size_t)(v + n - p))); p++)
        if (v + n - p > 6 && !strncasecmp(p, "+adw-", 5) &&
            (isalpha((unsigned char)p[5]) || p[5] == '/')) {
            *why = "markup written in UTF-7";
            return true;
        }
    size_t quiet_from = SIZE_MAX, quiet_to = 0;
    /* every reading of js_value_script needs a call's '(' or an assignment's '=' */
    bool callish = memchr(v, '(', n) || memchr(v, '=', n);
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '<' && i + 1 < n) {
            size_t j = i + 1;
            if (v[j] == '/') /* a closing tag */
                j++;
            size_t e = j;
            while (e < n && (isalnum((unsigned char)v[e]) || v[e] == '-' || v[e] == ':'))
                e++;
            if (e > j && isalpha((unsigned char)v[j])) {
                const char *name = v + j;
                size_t nl = e - j;
                const char *colon = memchr(name, ':', nl); /* svg:script */
                if (colon) {
                    nl -= (size_t)(colon + 1 - name);
                    name = colon + 1;
                }
                if (in_list(html_active, name, nl) && v[i + 1] != '/' &&
                    (e >= n || !isalnum((unsigned char)v[e])) &&
                    !(field == FK_WS_TEXT && element_named_in_text(v, e, n))) {
                    *why = "active HTML element";
                    return true;
                }
                if (attrs_active_once(v, e, n, &quiet_from, &quiet_to, why))
                    return true;
            }
            if (j + 2 < n && v[j] == '!' && v[j + 1] == '[' &&
                has_prefix(v + j, n - j, "![cdata[")) {
                *why = "CDATA section";
                return true;
            }
        }
        /* a page served as US-ASCII: Internet Explorer dropped each byte's eighth bit,
         * so 0xBC and 0xBE were '<' and '>' (\xbcscript\xbe); only before an element
         * that runs code, with the closing byte after it */
        if ((unsigned char)v[i] == 0xbc && i + 1 < n &&
            (i == 0 || (unsigned char)v[i - 1] < 0x80)) { /* not inside UTF-8's u-umlaut */
            size_t j = i + 1 + (v[i + 1] == '/');
            size_t e = j;
            while (e < n && isalpha((unsigned char)v[e]))
                e++;
            if (e > j && in_list(html_active, v + j, e - j) &&
                (e == n || !isalnum((unsigned char)v[e])) &&
                memchr(v + e, 0xbe, n - e > 256 ? 256 : n - e)) { /* within a tag's reach */
                *why = "markup written with the high bit set (US-ASCII page)";
                return true;
            }
        }
        /* out of an attribute value: " onmouseover=..., ' autofocus onfocus=... */
        /* browsers take an attribute straight after a closing quote too ("onx=...) */
        if ((v[i] == '"' || v[i] == '\'' || v[i] == '`') && i + 1 < n &&
            (isspace((unsigned char)v[i + 1]) || v[i + 1] == '/' || v[i + 1] == '>' ||
             isalpha((unsigned char)v[i + 1]))) {
            if (attrs_active_once(v, i + 1, n, &quiet_from, &quiet_to, why))
                return true;
        }
        /* out of a script string: '; alert(1) //, "-alert(1)-", '+eval(name)+' */
        if ((v[i] == '"' || v[i] == '\'' || v[i] == '`')) {
            size_t j = i + 1;
            while (j < n &&
                   (isspace((unsigned char)v[j]) || v[j] == ')' || v[j] == '}' || v[j] == ']'))
                j++;
            if (j < n &&
                (v[j] == ';' || v[j] == '-' || v[j] == '+' || v[j] == '*' || v[j] == '/' ||
                 v[j] == '|' || v[j] == '&' || v[j] == ',' || v[j] == '^' || v[j] == '%' ||
                 v[j] == '?' || v[j] == ':' || v[j] == '<' || v[j] == '>' || v[j] == '=')) {
                j++;
                while (j < n &&
                       (isspace((unsigned char)v[j]) || v[j] == '|' || v[j] == '&' || v[j] == '(' ||
                        v[j] == '!' || v[j] == '~' || v[j] == '-' || v[j] == '+' || v[j] == '['))
                    j++;
                if (j < n && js_call_at(v, j, n)) {
                    *why = "script call after a closed string";
                    return true;
                }
            }
        }
        /* a template expression: ${alert}, and {{ }} of client-side templates */
        if ((v[i] == '$' || v[i] == '{') && i + 1 < n && v[i + 1] == '{') {
            size_t j = i + 2;
            while (j < n && isspace((unsigned char)v[j]))
                j++;
            size_t e = j;
            while (e < n && (isalnum((unsigned char)v[e]) || v[e] == '.' || v[e] == '_'))
                e++;
            if (j < n && (js_call_at(v, j, n) || (e > j && in_list(js_sinks, v + j, e - j)) ||
                          (v[i] == '{' && memmem(v + j, e - j, "constructor", 11)))) {
                *why = "script in a template expression";
                return true;
            }
        }
        /* at a word's start only: from every letter, a long word was read to its end again */
        if (isalpha((unsigned char)v[i]) &&
            (i == 0 || !(isalnum((unsigned char)v[i - 1]) || v[i - 1] == '.' || v[i - 1] == '_')) &&
            global_computed_call(v, i, n)) {
            *why = "call of a global's computed member";
            return true;
        }
        if (callish && isalpha((unsigned char)v[i]) &&
            (i == 0 || !(isalnum((unsigned char)v[i - 1]) || v[i - 1] == '.' || v[i - 1] == '_'))) {
            const char *script = js_value_script(v, i, n);
            if (script) {
                *why = script;
                return true;
            }
        }
        /* a tagged template: fn`...`, [].sort.call`${alert}` */
        if (v[i] == '`' && i > 0) {
            size_t e = i;
            while (e > 0 && isspace((unsigned char)v[e - 1]))
                e--;
            size_t b = e;
            while (b > 0 && (isalnum((unsigned char)v[b - 1]) || v[b - 1] == '_'))
                b--;
            if (e > b &&
                (in_list(js_sinks, v + b, e - b) || ((e - b == 4 && !memcmp(v + b, "call", 4)) ||
                                                     (e - b == 5 && !memcmp(v + b, "apply", 5)) ||
                                                     (e - b == 4 && !memcmp(v + b, "bind", 4))))) {
                *why = "tagged template call";
                return true;
            }
        }
        /* CSS that runs script: -moz-binding:url(...), behavior:url(...), expression( */
        if (v[i] == ':' && i >= 12 &&
            (!memcmp(v + i - 12, "-moz-binding", 12) ||
             (i >= 8 && !memcmp(v + i - 8, "behavior", 8)))) {
            size_t j = i + 1;
            while (j < n && isspace((unsigned char)v[j]))
                j++;
            if (has_prefix(v + j, n - j, "url(")) {
                *why = "script-running CSS";
                return true;
            }
        }
    }
    if (script_url(v, n)) {
        *why = "script URL";
        return true;
    }
    return false;
}

/* ==== shell ==========================================================================
 * A command runs where the shell expects one: at the start of the value, after ; | &
 * && || or a newline, inside $( ) or backquotes. At those places the reader takes one
 * word, undoes the quoting tricks the shell itself undoes (w'h'o"am"i, w\hoami, $@ and
 * empty ${x} expansions, /bin/ and /usr/bin/ prefixes) and looks the word up among the
 * commands Debian ships and Windows documents. A command right after a strong operator
 * (backquote, $(, |, &&, ||) is enough; after ; or at the start it needs arguments that
 * read as shell (an option, a path, a URL, a redirection, an expansion) or to be one of
 * the reconnaissance commands run alone (id, whoami, uname). In headers, where browsers
 * write "; U; id)" as a locale, arguments are always needed. */

/* Windows commands (cmd built-ins and the system's executables, from Microsoft's
 * "Windows commands" reference) and PowerShell's common cmdlets and aliases. */
static const char *const windows_cmds[] = {"assoc",
                                           "attrib",
                                           "bcdedit",
                                           "bitsadmin",
                                           "cacls",
                                           "certutil",
                                           "cmd",
                                           "cmd.exe",
                                           "cmdkey",
                                           "cscript",
                                           "del",
                                           "dir",
                                           "diskpart",
                                           "dsquery",
                                           "erase",
                                           "findstr",
                                           "forfiles",
                                           "fsutil",
                                           "ftype",
                                           "icacls",
                                           "ipconfig",
                                           "mshta",
                                           "msiexec",
                                           "nbtstat",
                                           "net",
                                           "net1",
                                           "netsh",
                                           "netstat",
                                           "nltest",
                                           "nslookup",
                                           "ping",
                                           "powershell",
                                           "powershell.exe",
                                           "pwsh",
                                           "qwinsta",
                                           "reg",
                                           "regedit",
                                           "regsvr32",
                                           "rundll32",
                                           "sc",
                                           "schtasks",
                                           "systeminfo",
                                           "taskkill",
                                           "tasklist",
                                           "tracert",
                                           "type",
                                           "ver",
                                           "vssadmin",
                                           "wevtutil",
                                           "whoami",
                                           "wmic",
                                           "wscript",
                                           "xcopy",
                                           "copy",
                                           "move",
                                           "ren",
                                           "rd",
                                           "rmdir",
                                           "mkdir",
                                           "md",
                                           "start",
                                           "call",
                                           "timeout",
                                           "expand",
                                           "makecab",
                                           "esentutl",
                                           "ntdsutil",
                                           "quser",
                                           "query",
                                           "runas",
                                           "shutdown",
                                           "wusa",
                                           "bginfo",
                                           "installutil",
                                           "regasm",
                                           "regsvcs",
                                           "msbuild",
                                           "odbcconf",
                                           "pcalua",
                                           "cmstp",
                                           "presentationhost",
                                           "wsl",
                                           "invoke-expression",
                                           "iex",
                                           "invoke-webrequest",
                                           "iwr",
                                           "invoke-restmethod",
                                           "irm",
                                           "start-process",
                                           "new-object",
                                           "get-content",
                                           "set-content",
                                           "get-childitem",
                                           "gci",
                                           "get-process",
                                           "get-service",
                                           "get-wmiobject",
                                           "gwmi",
                                           "get-ciminstance",
                                           "invoke-command",
                                           "icm",
                                           "set-mppreference",
                                           "add-mppreference",
                                           "get-acl",
                                           "set-executionpolicy",
                                           "import-module",
                                           "out-file",
                                           "remove-item",
                                           "copy-item",
                                           "get-localuser",
                                           "get-aduser",
                                           "bcdboot",
                                           "bootcfg",
                                           "chkdsk",
                                           "cipher",
                                           "clip",
                                           "comp",
                                           "compact",
                                           "defrag",
                                           "diskshadow",
                                           "driverquery",
                                           "eventcreate",
                                           "fc",
                                           "gpresult",
                                           "gpupdate",
                                           "logman",
                                           "manage-bde",
                                           "mklink",
                                           "mountvol",
                                           "openfiles",
                                           "pathping",
                                           "pnputil",
                                           "robocopy",
                                           "route",
                                           "sfc",
                                           "subst",
                                           "takeown",
                                           "tree",
                                           "tzutil",
                                           "where",
                                           "winrm",
                                           "winrs",
                                           "wbadmin",
                                           "klist",
                                           "ksetup",
                                           "ldifde",
                                           "csvde",
                                           "dsget",
                                           "dsadd",
                                           "netdom",
                                           "repadmin",
                                           "setspn",
                                           "auditpol",
                                           "secedit",
                                           "certreq",
                                           "arp",
                                           "getmac",
                                           "mstsc",
                                           "msg",
                                           "logoff",
                                           "lodctr",
                                           "relog",
                                           "typeperf",
                                           "extrac32",
                                           "choice",
                                           "doskey",
                                           "setx",
                                           "vol",
                                           "pushd",
                                           "popd",
                                           "forfiles",
                                           "wmiprvse",
                                           "psexec",
                                           "at",
                                           NULL};
/* Commands that tell an attacker where he is; run alone they are a probe. */
static const char *const recon_cmds[] = {
    "id",         "whoami", "uname", "ifconfig", "ipconfig", "hostname",    "pwd",
    "ls",         "dir",    "ps",    "env",      "printenv", "netstat",     "ver",
    "systeminfo", "w",      "who",   "uptime",   "groups",   "lsb_release", "tasklist",
    "net",        "getent", "nproc", "arch",     "last",     "lastlog",     NULL};
/* Commands that run the command after them. */
static const char *const prefix_cmds[] = {"time",    "nice",    "nohup",    "sudo",   "doas",
                                          "exec",    "command", "builtin",  "env",    "xargs",
                                          "timeout", "stdbuf",  "strace",   "ltrace", "setsid",
                                          "chroot",  "busybox", "unbuffer", NULL};
/* Commands common enough as words that they count only with shell-like arguments. */
static const char *const word_cmds[] = {
    "time", "test", "true", "false", "yes",    "which", "more",   "less",  "look",  "join",
    "sort", "head", "tail", "make",  "file",   "host",  "link",   "touch", "watch", "write",
    "mail", "find", "date", "cal",   "echo",   "print", "read",   "set",   "type",  "start",
    "call", "move", "copy", "query", "expand", "open",  "rename", "ex",    "pc",    NULL};

/* The command word at s[i], with the shell's quoting undone, into out. Returns the
 * index after it. A word longer than out is no command's name: out is left empty (its
 * first cap bytes had been kept, and a base64 blob's "...vow/tr" cut there read as tr). */
static size_t shell_word(const char *s, size_t i, size_t n, char *out, size_t cap, size_t *len)
{
    size_t k = 0;
    bool overflow = false;
    while (i < n) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            /* quotes inside a word only join its parts */
            i++;
            continue;
        }
        if (c == '\\' && i + 1 < n && s[i + 1] != '\n') {
            i++;
            continue;
        }
        if (c == '$' && i + 1 < n && (s[i + 1] == '@' || s[i + 1] == '*')) {
            i += 2;
            continue;
        }
        /* empty expansions the shell removes: $(), <(), $name (unset), `` */
        if ((c == '$' || c == '<') && i + 2 < n && s[i + 1] == '(' && s[i + 2] == ')') {
            i += 3;
            continue;
        }
        if (c == '`' && i + 1 < n && s[i + 1] == '`') {
            i += 2;
            continue;
        }
        if (c == '$' && i + 1 < n && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '_')) {
            size_t name = ++i;
            while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
                i++;
            /* cmd$IFS...: the separator ends the command; any other variable inside a
             * word is one left unset to split the name (n$u\c$u, c$x\at) */
            if (k && i - name == 3 && !memcmp(s + name, "ifs", 3))
                break;
            continue;
        }
        if (c == '[' && i + 2 < n && s[i + 2] == ']' && isalnum((unsigned char)s[i + 1])) {
            if (k + 1 < cap) /* [n] matches n */
                out[k++] = s[i + 1];
            i += 3;
            continue;
        }
        if (c == '$' && i + 1 < n && s[i + 1] == '{') { /* ${x} where x is empty or IFS */
            const char *e = memchr(s + i, '}', n - i);
            if (!e)
                break;
            if (memmem(s + i, (size_t)(e - s - i), "ifs", 3))
                break; /* ${IFS} is a space: the word ends */
            i = (size_t)(e - s) + 1;
            continue;
        }
        if (!(isalnum((unsigned char)c) || c == '.' || c == '_' || c == '-' || c == '/' ||
              c == '+' || c == '\\'))
            break;
        if (k + 1 < cap)
            out[k++] = c;
        else
            overflow = true;
        i++;
    }
    if (overflow)
        k = 0;
    out[k] = '\0';
    *len = k;
    return i;
}

/* A file name at s[j..): name characters up to *end, and whether the extension after
 * its last dot is one of kinds (written without the dot, compared in any case). */
static bool file_of_kind(const char *s, size_t j, size_t n, const char *const *kinds, size_t *end)
{
    size_t e = j, dot = 0;
    while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '.' || s[e] == '_' || s[e] == '-')) {
        if (s[e] == '.')
            dot = e;
        e++;
    }
    *end = e;
    if (dot <= j)
        return false;
    for (size_t x = 0; kinds[x]; x++)
        if (e - dot - 1 == strlen(kinds[x]) && !strncasecmp(s + dot + 1, kinds[x], e - dot - 1))
            return true;
    return false;
}

/* Whether the text after a command reads as its arguments: an option, a path, a URL, a
 * redirection, an expansion, a pipe. */
/* Whether one argument token at s[j] reads as shell: an option (-x, +x, /x on Windows), a
 * path, a URL, an expansion, a drive or share. */
static bool shell_token(const char *s, size_t j, size_t n, bool urls)
{
    char c = s[j];
    if ((c == '-' || c == '+') && j + 1 < n && isalnum((unsigned char)s[j + 1]))
        return true;
    /* a long option (--version, --file=x): prose sets a double hyphen apart */
    if (c == '-' && j + 2 < n && s[j + 1] == '-' && isalpha((unsigned char)s[j + 2]))
        return true;
    if (c == '/' && j + 1 < n &&
        (isalnum((unsigned char)s[j + 1]) || s[j + 1] == '.' || s[j + 1] == '*' ||
         s[j + 1] == '?')) {
        /* a product's version written apart from its name ("news bot /2.1" in a
         * User-Agent) is digits and dots after the slash, which no file path is */
        size_t e = j + 1;
        while (e < n && (isdigit((unsigned char)s[e]) || s[e] == '.'))
            e++;
        bool version = isdigit((unsigned char)s[j + 1]) &&
                       (e == n || s[e] == ' ' || s[e] == '\t' || s[e] == ')' || s[e] == ';');
        return !version;
    }
    if (c == '~' || c == '$' || (c == '.' && j + 1 < n && (s[j + 1] == '/' || s[j + 1] == '.')))
        return true;
    if (urls && (has_prefix(s + j, n - j, "http://") || has_prefix(s + j, n - j, "https://") ||
                 has_prefix(s + j, n - j, "ftp://") || has_prefix(s + j, n - j, "tftp://")))
        return true;
    if (j + 2 < n && isalpha((unsigned char)c) && s[j + 1] == ':' &&
        (s[j + 2] == '\\' || s[j + 2] == '/'))
        return true; /* c:\ */
    if (c == '\\' && j + 1 < n && s[j + 1] == '\\')
        return true; /* \\host\share */
    /* a cmd variable expanded (%username%, %systemroot%\win.ini) */
    if (c == '%') {
        size_t e2 = j + 1;
        while (e2 < n && (isalnum((unsigned char)s[e2]) || s[e2] == '_'))
            e2++;
        if (e2 > j + 2 && e2 < n && s[e2] == '%' && isalpha((unsigned char)s[j + 1]))
            return true;
    }
    /* a program or script file of Windows (start-process calc.exe, cscript x.vbs) */
    static const char *const runnable[] = {"exe", "bat", "cmd", "ps1", "vbs", "hta", NULL};
    size_t e;
    if (file_of_kind(s, j, n, runnable, &e))
        return true;
    /* a registry key (reg query hklm\software, reg add hkcu\...) */
    if (has_prefix(s + j, n - j, "hklm\\") || has_prefix(s + j, n - j, "hkcu\\") ||
        has_prefix(s + j, n - j, "hkcr\\") || has_prefix(s + j, n - j, "hku\\") ||
        has_prefix(s + j, n - j, "hkey_"))
        return true;
    return false;
}

/* Whether the token at s[j] (to the next blank or separator) holds a quote. */
static bool quoted_token(const char *s, size_t j, size_t n)
{
    for (size_t k = j; k < n && k - j < 128; k++) {
        if (s[k] == '\'' || s[k] == '"')
            return true;
        if (s[k] == ' ' || s[k] == '\t' || s[k] == ';' || s[k] == '|' || s[k] == '&' ||
            s[k] == '\n')
            return false;
    }
    return false;
}

static bool arg_space(const char *s, size_t j, size_t n, size_t *skip)
{
    if (s[j] == ' ' || s[j] == '\t') {
        *skip = 1;
        return true;
    }
    if (s[j] == '$' && has_prefix(s + j, n - j, "${ifs}")) {
        *skip = 6;
        return true;
    }
    return false;
}

/* Whether the text after a command reads as its arguments: any of its first tokens (up
 * to the next command separator) is shell-like, or a pipe or redirection follows. */
static bool known_command(const fk_webstruct *w, const char *word, size_t len, bool *recon,
                          bool *common);

static bool shell_args(const fk_webstruct *w, const char *s, size_t i, size_t n, bool urls)
{
    size_t j = i, skip;
    bool space = false;
    for (int tokens = 0; j < n && tokens < 8; tokens++) {
        while (j < n && arg_space(s, j, n, &skip)) {
            space = true;
            j += skip;
        }
        if (j >= n)
            return false;
        char c = s[j];
        /* a pipe into a command (titles are written "movies | imdb": a pipe into a
         * word no system has is punctuation); "||" is the shell's or */
        if (c == '|' && j + 1 < n && s[j + 1] != '|') {
            size_t k = skip_blanks(s, j + 1, n);
            char word[64];
            size_t len;
            shell_word(s, k, n, word, sizeof word, &len);
            bool r, cm;
            const char *base = memrchr(word, '/', len);
            base = base ? base + 1 : word;
            return len > 0 && known_command(w, base, len - (size_t)(base - word), &r, &cm);
        }
        /* a here-string or a here-document (cmd<<<word, cmd <<EOF) */
        if (c == '<' && j + 2 < n && s[j + 1] == '<' &&
            (s[j + 2] == '<' || isalpha((unsigned char)s[j + 2]) || s[j + 2] == '\'' ||
             s[j + 2] == '-'))
            return true;
        if (c == '|' || c == '>' || c == '`' || (c == '<' && j + 1 < n && s[j + 1] != '<'))
            return true;
        if (c == ';' || c == '&' || c == '\n' || c == ')')
            return false;
        if (!space)
            return false;
        if (shell_token(s, j, n, urls))
            return true;
        /* quote removal joins a word's parts: '-'9 is the option -9, "/e"tc/passwd a
         * path (a word quoted whole is read the same way: '-la', "/etc/passwd") */
        if (quoted_token(s, j, n)) {
            char word[128];
            size_t len;
            shell_word(s, j, n, word, sizeof word, &len);
            if (len > 1 && shell_token(word, 0, len, urls))
                return true;
        }
        /* a quoted argument: skip to its end */
        if (c == '\'' || c == '"') {
            const char *e = memchr(s + j + 1, c, n - j - 1);
            j = e ? (size_t)(e - s) + 1 : n;
            continue;
        }
        while (j < n && !arg_space(s, j, n, &skip) && s[j] != ';' && s[j] != '|' && s[j] != '&' &&
               s[j] != '>' && s[j] != '`' && s[j] != '\n')
            j++;
    }
    return false;
}

/* Whether the arguments after a command (s[i..n)) read as shell only through ${name}
 * placeholders: with each ${name} or ${name.member} written as a plain word, they no
 * longer do. Templates in mail and configuration tools write them in sentences ("Hello
 * ${user.name}"); a value starting with a command word and such a placeholder is text. */
static bool placeholders_alone(const fk_webstruct *w, const char *s, size_t i, size_t n)
{
    char buf[256];
    size_t k = 0, found = 0;
    for (size_t j = i; j < n && k < sizeof buf; j++) {
        if (s[j] == '$' && j + 2 < n && s[j + 1] == '{' && isalpha((unsigned char)s[j + 2])) {
            size_t e = j + 2;
            while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '_' || s[e] == '.'))
                e++;
            if (e < n && s[e] == '}' && e - j - 2 < sizeof buf - k) {
                memcpy(buf + k, s + j + 2, e - j - 2);
                k += e - j - 2;
                j = e;
                found++;
                continue;
            }
        }
        buf[k++] = s[j];
    }
    return found && k < sizeof buf && !shell_args(w, buf, 0, k, true);
}

/* Commands whose first word says what they do, by their documentation: Windows' net
 * with a subcommand (net user, net localgroup), wmic with an alias (wmic process,
 * wmic useraccount), netsh with a context (netsh firewall, netsh advfirewall), sc, reg,
 * vssadmin and wevtutil with an operation (sc create, reg add, vssadmin delete,
 * wevtutil cl); the pair is the command line, whatever words follow. And commands
 * whose first operand has a form of its own: awk, sed and jq take a program in their
 * own language, quoted as their synopses write it (awk 'program' file), and dd takes
 * its files as if= and of=. */
static const struct {
    const char *command;
    const char *const *firsts; /* subcommands (whole words) or operand openings */
    bool opening;              /* firsts open the operand ("if=", a quote) */
} command_forms[] = {
    {"net",
     (const char *const[]){"user", "localgroup", "group", "view", "share", "use", "session",
                           "accounts", "start", "stop", "config", "time", "file", NULL},
     false},
    {"net1", (const char *const[]){"user", "localgroup", "group", "view", "share", "use", NULL},
     false},
    {"wmic", (const char *const[]){"process",    "os",          "useraccount", "group",
                                   "service",    "startup",     "qfe",         "product",
                                   "share",      "nicconfig",   "logicaldisk", "computersystem",
                                   "bios",       "environment", "ntdomain",    "sysaccount",
                                   "shadowcopy", "netuse",      "job",         NULL},
     false},
    {"netsh", (const char *const[]){"advfirewall", "firewall",  "interface",  "wlan",      "http",
                                    "winhttp",     "winsock",   "ipsec",      "trace",     "lan",
                                    "ras",         "routing",   "dhcpclient", "dnsclient", "wfp",
                                    "bridge",      "namespace", "rpc",        "p2p",       "mbn",
                                    NULL},
     false},
    {"sc",
     (const char *const[]){"query", "queryex", "qc", "create", "config", "start", "stop", "delete",
                           "description", "failure", "sdshow", "sdset", "qdescription", "control",
                           NULL},
     false},
    {"reg",
     (const char *const[]){"query", "add", "delete", "copy", "save", "restore", "load", "unload",
                           "compare", "export", "import", "flags", NULL},
     false},
    {"vssadmin",
     (const char *const[]){"list", "delete", "create", "resize", "add", "revert", "query", NULL},
     false},
    {"wevtutil",
     (const char *const[]){"el", "enum-logs", "gl", "get-log", "sl", "set-log", "qe",
                           "query-events", "cl", "clear-log", "epl", "export-log", "gli",
                           "get-log-info", NULL},
     false},
    {"awk", (const char *const[]){"'", "\"", NULL}, true},
    {"gawk", (const char *const[]){"'", "\"", NULL}, true},
    {"mawk", (const char *const[]){"'", "\"", NULL}, true},
    {"nawk", (const char *const[]){"'", "\"", NULL}, true},
    {"sed", (const char *const[]){"'", "\"", NULL}, true},
    {"jq", (const char *const[]){"'", "\"", NULL}, true},
    {"dd", (const char *const[]){"if=", "of=", NULL}, true},
};

/* Whether the command base (blen bytes) has one of its forms at end: after blanks, a
 * subcommand as a whole word, or an operand's opening (a quote that closes later). */
static bool command_form(const char *v, const char *base, size_t blen, size_t end, size_t n)
{
    size_t k = end;
    while (k < n && (v[k] == ' ' || v[k] == '\t'))
        k++;
    if (k == end || k >= n)
        return false;
    for (size_t r = 0; r < sizeof command_forms / sizeof command_forms[0]; r++) {
        if (strlen(command_forms[r].command) != blen ||
            memcmp(command_forms[r].command, base, blen))
            continue;
        for (const char *const *f = command_forms[r].firsts; *f; f++) {
            size_t fl = strlen(*f);
            if (!has_prefix(v + k, n - k, *f))
                continue;
            if (!command_forms[r].opening) {
                if (k + fl >= n || !isalnum((unsigned char)v[k + fl]))
                    return true;
            } else if ((*f)[0] != '\'' && (*f)[0] != '"') {
                return true;
            } else if (k + 2 < n && memchr(v + k + 1, (*f)[0],
                                           n - k - 1 < FK_WS_REACH ? n - k - 1 : FK_WS_REACH)) {
                return true;
            }
        }
    }
    return false;
}

/* The network clients an injected command reaches out with (out-of-band probes and
 * exfiltration by DNS or HTTP, a copy to or from another host): a host name as their
 * argument is enough. */
static const char *const net_clients[] = {
    "nslookup", "dig",    "host",   "ping",  "ping6",       "curl",       "wget", "nc",
    "ncat",     "netcat", "telnet", "whois", "tracert",     "traceroute", "ssh",  "ftp",
    "tftp",     "scp",    "sftp",   "rsync", "ssh-copy-id", NULL};

/* A host name as the whole first argument: dotted labels ending in a name of letters
 * (attacker.example, x.burpcollaborator.net); or a destination as ssh(1), scp(1) and
 * rsync(1) write one, [user@]host[:path], where a user before the host makes a name of
 * one label a host too (root@server, backup@nas:/srv). */
static bool host_arg(const char *s, size_t i, size_t n)
{
    size_t k = skip_blanks(s, i, n);
    if (k == i)
        return false;
    size_t u = k;
    while (u < n && (isalnum((unsigned char)s[u]) || s[u] == '-' || s[u] == '.' || s[u] == '_'))
        u++;
    bool user = u > k && u + 1 < n && s[u] == '@' && isalnum((unsigned char)s[u + 1]);
    if (user)
        k = u + 1;
    size_t e = k, dots = 0, last = k;
    while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '-' || s[e] == '.')) {
        if (s[e] == '.') {
            dots++;
            last = e + 1;
        }
        e++;
    }
    bool tld = e > last + 1;
    for (size_t t = last; t < e && tld; t++)
        tld = isalpha((unsigned char)s[t]);
    /* a path on the remote host after ':' (scp, rsync), read to the argument's end */
    if ((dots >= 1 || user) && tld && e < n && s[e] == ':')
        while (e < n && !memchr(" \t;|&`)\n", s[e], 8))
            e++;
    return (dots >= 1 || user) && tld && (e >= n || memchr(" \t;|&`)\n", s[e], 8));
}

/* After a command separator, an address among the arguments (nc 10.0.0.1 4444,
 * socat tcp:10.0.0.1:1, ping -c 1 127.0.0.1), or a lone number closing the value
 * (;sleep 5): not at the start of a value, where a network tool's own form sends them. */
static bool address_arg(const char *s, size_t i, size_t n)
{
    size_t end = i;
    while (end < n && s[end] != ';' && s[end] != '|' && s[end] != '&' && s[end] != '\n')
        end++;
    for (size_t k = i; k < end; k++) {
        if (!isdigit((unsigned char)s[k]) || (k > i && isdigit((unsigned char)s[k - 1])))
            continue;
        size_t m = k, dots = 0;
        while (m < end && (isdigit((unsigned char)s[m]) || s[m] == '.'))
            dots += s[m++] == '.';
        if (dots == 3)
            return true;
    }
    size_t k = i;
    while (k < end && (s[k] == ' ' || s[k] == '\t'))
        k++;
    size_t d = k;
    while (d < end && isdigit((unsigned char)s[d]))
        d++;
    size_t e = d; /* blanks may follow the number: "& sleep 10 " */
    while (e < end && (s[e] == ' ' || s[e] == '\t'))
        e++;
    return d > k && k > i && e == end && d - k <= 4;
}

/* A file named after a command that follows a separator (; cat notes.txt, | sh x.sh):
 * one word, a name and an extension of the files a shell is aimed at (scripts, text,
 * configuration, keys, dumps), then the end of the command. */
static bool file_arg(const char *s, size_t i, size_t n)
{
    static const char *const kinds[] = {"sh",  "bash", "py",  "pl",   "rb",   "php", "txt",
                                        "log", "conf", "cfg", "ini",  "sql",  "bak", "key",
                                        "pem", "env",  "yml", "yaml", "json", "xml", NULL};
    size_t k = i, e;
    while (k < n && (s[k] == ' ' || s[k] == '\t'))
        k++;
    return k > i && file_of_kind(s, k, n, kinds, &e) && (e >= n || memchr(" \t;|&`)\n", s[e], 8));
}

static bool known_command(const fk_webstruct *w, const char *word, size_t len, bool *recon,
                          bool *common)
{
    *recon = in_list(recon_cmds, word, len);
    *common = in_list(word_cmds, word, len);
    if (in_list(windows_cmds, word, len))
        return true;
    if (len >= 4 && !memcmp(word + len - 4, ".exe", 4) && in_list(windows_cmds, word, len - 4))
        return true;
    return fk_strmap_get(&w->unix_cmds, word, len) != NULL;
}

/* Shell syntax no other language in a request has: arithmetic $(( )) and $[ ],
 * parameter expansion with an operator (${x#y}, ${x:0:1}, ${x/a/b}), and a path whose
 * components are glob bracket expressions (/bi[n]/ba[s]h, /etc/pa[?]swd). */
/* Output redirected into a system folder or onto another descriptor: >/tmp/x,
 * 2>/dev/null, >>/var/www/x.php, 2>&1. Prose compares with '>', it does not write
 * into /tmp. */
static bool shell_redirect(const char *v, size_t n)
{
    static const char *const folders[] = {"/tmp/",  "/dev/", "/var/", "/etc/", "/proc/", "/root/",
                                          "/home/", "/usr/", "/opt/", "/srv/", NULL};
    for (size_t i = 0; i < n; i++) {
        if (v[i] != '>')
            continue;
        size_t j = i + 1;
        if (j < n && v[j] == '>')
            j++;
        if (j + 1 < n && v[j] == '&' && (v[j + 1] == '1' || v[j + 1] == '2') && i > 0 &&
            isdigit((unsigned char)v[i - 1]))
            return true;
        while (j < n && v[j] == ' ')
            j++;
        for (size_t k = 0; folders[k]; k++)
            if (has_prefix(v + j, n - j, folders[k]))
                return true;
    }
    return false;
}

static bool shell_expansion(const char *v, size_t n, fk_webstruct_field field, const char **why)
{
    if (field != FK_WS_HEADER && memchr(v, '>', n) && shell_redirect(v, n)) {
        *why = "shell output redirection";
        return true;
    }
    for (size_t i = 0; i + 2 < n; i++) {
        if (v[i] != '$')
            continue;
        if ((v[i + 1] == '(' && v[i + 2] == '(') || v[i + 1] == '[') {
            *why = "shell arithmetic expansion";
            return true;
        }
        if (v[i + 1] == '{') {
            size_t j = i + 2;
            if (j < n && (v[j] == '#' || v[j] == '!'))
                j++;
            size_t w = j;
            while (j < n && (isalnum((unsigned char)v[j]) || v[j] == '_'))
                j++;
            if (j > w && j < n &&
                (v[j] == '#' || v[j] == '%' || v[j] == '/' || v[j] == '^' || v[j] == ',' ||
                 (v[j] == ':' && j + 1 < n && strchr("-=?+0123456789", v[j + 1])))) {
                *why = "shell parameter expansion";
                return true;
            }
        }
    }
    /* $IFS standing for a space: only a shell reads it so */
    for (size_t i = 0; i + 3 < n; i++)
        if (v[i] == '$' && (has_prefix(v + i, n - i, "${ifs") ||
                            (has_prefix(v + i, n - i, "$ifs") &&
                             (i + 4 == n || !isalnum((unsigned char)v[i + 4]))))) {
            *why = "$IFS as a separator";
            return true;
        }
    /* a path spelt with wildcards after a separator: ;/???/c?t, |/b??/n? */
    for (size_t i = 0; i + 4 < n; i++) {
        if (v[i] != '/' || !(i == 0 || strchr(" ;|&`(\n", v[i - 1])))
            continue;
        size_t wild = 0, slashes = 0, e = i;
        while (e < n && v[e] != ' ' && v[e] != '=' && v[e] != '&' && v[e] != ';') {
            slashes += v[e] == '/';
            wild += v[e] == '?' || v[e] == '*';
            e++;
        }
        if (slashes >= 2 && wild >= 3 && i > 0) {
            *why = "wildcards spelling a path";
            return true;
        }
    }
    /* brace expansion with an empty first item: {,cmd,arg} */
    if (n > 3 && v[0] == '{' && v[n - 1] == '}' && memchr(v, ',', n) &&
        (v[1] == ',' || v[n - 2] == ',')) {
        *why = "shell brace expansion";
        return true;
    }
    if (field == FK_WS_HEADER)
        return false;
    /* a path spelled with ? wildcards: /?s?/?i?/c?t, /e??/p??s??. The wildcards stand
     * for letters of the short names of system folders, files and commands, so only
     * those in components of at most eight characters count: a wiki's page title
     * (/wiki/What?_Where?_When?) asks questions. And they spell a path: wildcards in two
     * components or more (/???/??t), beside letters (/etc/pa??w?), or from the root
     * (/???/passwd). A name whose letters a charset conversion lost (a photo's
     * /blogger/6894/200/?????? 272.jpg) is one component of wildcards alone, under
     * folders named in full. */
    size_t wild = 0, slashes = 0, comp_start = 0, comp_wild = 0, comps_wild = 0;
    bool comp_letters = false, lettered = false, rooted = false;
    for (size_t i = 0;; i++) {
        bool end = i >= n || v[i] == ' ' || v[i] == '=';
        if (end || v[i] == '/') {
            if (i - comp_start <= 8 && comp_wild) {
                wild += comp_wild;
                comps_wild++;
                lettered = lettered || comp_letters;
                rooted = rooted || slashes == 1;
            }
            comp_start = i + 1;
            comp_wild = 0;
            comp_letters = false;
            if (end)
                break;
            slashes++;
            continue;
        }
        comp_wild += v[i] == '?' && slashes;
        comp_letters = comp_letters || isalpha((unsigned char)v[i]);
    }
    if (v[0] != 'h' && (v[0] == '/' || v[0] == '{') && slashes >= 2 && wild >= 3 &&
        (comps_wild >= 2 || lettered || rooted)) {
        *why = "glob in a path";
        return true;
    }
    /* a glob in a path: '/' then a component with [..] */
    for (size_t i = 0; i + 3 < n; i++) {
        if (v[i] != '/' ||
            (i > 0 && !(v[i - 1] == ' ' || v[i - 1] == '/' || isalnum((unsigned char)v[i - 1]))))
            continue;
        size_t j = i + 1, end = j;
        bool inside = false;
        while (end < n && (inside || (v[end] != '/' && v[end] != ' ' && v[end] != '&'))) {
            if (v[end] == '[')
                inside = true;
            else if (v[end] == ']')
                inside = false;
            end++;
        }
        const char *open = memchr(v + j, '[', end - j);
        const char *close = open ? memchr(open, ']', (size_t)(v + end - open)) : NULL;
        /* the component is a name with a bracket in it (pa[s]swd, [a-z]in): the glob
         * stands for letters of a word, so a letter, a wildcard or another glob is
         * beside it. Not a bare class ([a-z]{1,5} is a regular expression), nor a
         * framework's route file, whose brackets name a parameter ([slug]-3f9a.js) */
        bool letters = false;
        if (close) {
            char before = open > v + j ? open[-1] : '/',
                 after = close + 1 < v + end ? close[1] : '/';
            letters = isalpha((unsigned char)before) || isalpha((unsigned char)after) ||
                      (before && strchr("?*]", before)) || (after && strchr("?*[", after));
        }
        bool quantifier = close && close + 1 < v + end && close[1] == '{';
        if (open && close && close > open + 1 && close - open <= 8 && letters && !quantifier) {
            *why = "glob in a path";
            return true;
        }
    }
    return false;
}

/* Mail protocol commands (SMTP, RFC 5321; POP3, RFC 1939; IMAP, RFC 9051) at the start
 * of a line of the value: a line break lets a value speak to the mail server. */
static const char *const mail_verbs[] = {
    "mail from:", "rcpt to:", "data",     "ehlo ", "helo ", "vrfy ", "expn ", "rset",
    "quit",       "noop",     "starttls", "auth ", "retr ", "list",  "top ",  "user ",
    "pass ",      "apop ",    "stat",     "dele ", "uidl",  "stls",  "capa",  NULL};

static bool mail_injection(const char *v, size_t n, const char **why)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (v[i] != '\n')
            continue;
        const char *line = v + i + 1;
        size_t rest = n - i - 1;
        for (size_t m = 0; mail_verbs[m]; m++) {
            size_t l = strlen(mail_verbs[m]);
            if (rest >= l && !memcmp(line, mail_verbs[m], l) &&
                (rest == l || mail_verbs[m][l - 1] == ' ' || mail_verbs[m][l - 1] == ':' ||
                 line[l] == ' ' || line[l] == '\r' || line[l] == '\n')) {
                *why = "mail protocol command after a line break";
                return true;
            }
        }
        /* IMAP: a tag, then a command */
        const char *sp = memchr(line, ' ', rest < 16 ? rest : 16);
        if (sp) {
            size_t l = rest - (size_t)(sp + 1 - line);
            static const char *const imap[] = {"login ",  "select ",  "fetch ", "store ", "copy ",
                                               "append ", "examine ", "uid ",   NULL};
            for (size_t m = 0; imap[m]; m++)
                if (l >= strlen(imap[m]) && !memcmp(sp + 1, imap[m], strlen(imap[m]))) {
                    *why = "IMAP command after a line break";
                    return true;
                }
            /* RFC 9051's other commands are English words a line of prose starts with
             * ("please create an account", a numbered list's "1 create a file"), so they
             * count after a tag written as the RFC's examples write one: letters and
             * digits, both (a001, A142) */
            static const char *const imap_words[] = {
                "authenticate", "status",      "create",     "delete", "rename",
                "subscribe",    "unsubscribe", "list",       "search", "move",
                "enable",       "namespace",   "logout",     "close",  "unselect",
                "expunge",      "idle",        "capability", "noop",   NULL};
            bool digit = false, letter = false, tag = true;
            for (const char *t = line; t < sp && tag; t++) {
                tag = isalnum((unsigned char)*t);
                digit = digit || isdigit((unsigned char)*t);
                letter = letter || isalpha((unsigned char)*t);
            }
            tag = tag && digit && letter;
            for (size_t m = 0; tag && imap_words[m]; m++) {
                size_t wl = strlen(imap_words[m]);
                if (l >= wl && !memcmp(sp + 1, imap_words[m], wl) &&
                    (l == wl || sp[1 + wl] == ' ' || sp[1 + wl] == '\r' || sp[1 + wl] == '\n')) {
                    *why = "IMAP command after a line break";
                    return true;
                }
            }
        }
    }
    return false;
}

/* cmd.exe's loop: FOR [/D|/R|/L|/F ...] %x IN (...) DO command */
static bool cmd_for_loop(const char *v, size_t n, const char **why)
{
    for (size_t i = 0; i + 10 < n; i++) {
        if (!((i == 0 || !isalnum((unsigned char)v[i - 1])) && !memcmp(v + i, "for", 3) &&
              isspace((unsigned char)v[i + 3])))
            continue;
        const char *pct = memchr(v + i, '%', n - i);
        if (!pct || pct - (v + i) > 80)
            continue;
        const char *in = memmem(pct, (size_t)(v + n - pct), " in", 3);
        if (!in || in - pct > 40)
            continue;
        const char *p = in + 3;
        while (p < v + n && isspace((unsigned char)*p))
            p++;
        if (p < v + n && *p == '(' && memmem(p, (size_t)(v + n - p), "do", 2)) {
            *why = "cmd FOR loop";
            return true;
        }
    }
    return false;
}

/* cmd.exe's IF: IF [/I] [NOT] EXIST x | DEFINED x | ERRORLEVEL n | a==b | a EQU|NEQ|LSS|
 * LEQ|GTR|GEQ b, then a command. */
static bool cmd_if(const char *v, size_t n, const char **why)
{
    /* cmd splits words at '/' too: if/i is IF /I */
    if (n < 6 || memcmp(v, "if", 2) || !(isspace((unsigned char)v[2]) || v[2] == '/'))
        return false;
    size_t i = 2;
    for (;;) {
        while (i < n && isspace((unsigned char)v[i]))
            i++;
        if (i + 2 < n && v[i] == '/' && v[i + 1] == 'i' && isspace((unsigned char)v[i + 2]))
            i += 3;
        else if (i + 3 < n && !memcmp(v + i, "not", 3) && isspace((unsigned char)v[i + 3]))
            i += 4;
        else
            break;
    }
    static const char *const tests[] = {"exist ", "defined ", "errorlevel ", "cmdextversion ",
                                        NULL};
    for (size_t t = 0; tests[t]; t++)
        if (has_prefix(v + i, n - i, tests[t])) {
            *why = "cmd IF statement";
            return true;
        }
    /* an operand (a word, "quoted", %var%, [x], (x)), then == or a comparison word */
    size_t j = i;
    /* a condition in parentheses, (2 GEQ 15): cmd reads the comparison inside them */
    while (j < n && (v[j] == '(' || isspace((unsigned char)v[j])))
        j++;
    i = j;
    if (j < n && (v[j] == '"' || v[j] == '[')) {
        char close = v[j] == '"' ? '"' : ']';
        const char *e = memchr(v + j + 1, close, n - j - 1);
        if (!e)
            return false;
        j = (size_t)(e - v) + 1;
    } else {
        while (j < n && !isspace((unsigned char)v[j]) && v[j] != '=')
            j++;
    }
    while (j < n && isspace((unsigned char)v[j]))
        j++;
    static const char *const ops[] = {"==", "equ ", "neq ", "lss ", "leq ", "gtr ", "geq ", NULL};
    for (size_t o = 0; ops[o]; o++)
        if (has_prefix(v + j, n - j, ops[o]) && j > i) {
            *why = "cmd IF statement";
            return true;
        }
    return false;
}

/* The SQLite shell's dot-commands after a line break or a separator: ;\n.shell id */
static bool sqlite_dot_command(const char *v, size_t n, const char **why)
{
    static const char *const dots[] = {".shell",  ".system", ".import", ".output",
                                       ".once",   ".load",   ".read",   ".databases",
                                       ".tables", ".dump",   ".schema", NULL};
    for (size_t i = 0; i + 1 < n; i++) {
        if (v[i] != '\n' && v[i] != ';')
            continue;
        size_t j = i + 1;
        while (j < n && (isspace((unsigned char)v[j]) || v[j] == '\\' || v[j] == 'n') && j < i + 4)
            j++;
        for (size_t d = 0; dots[d]; d++)
            if (has_prefix(v + j, n - j, dots[d]) &&
                (j + strlen(dots[d]) == n || !isalnum((unsigned char)v[j + strlen(dots[d])]))) {
                *why = "SQLite shell dot-command";
                return true;
            }
    }
    return false;
}

/* PowerShell's approved verbs (Microsoft's "Approved Verbs for PowerShell Commands"):
 * every cmdlet is named verb-noun with one of them. */
static const char *const ps_verbs[] = {
    "add",      "approve",     "assert",     "backup",     "block",    "build",   "checkpoint",
    "clear",    "close",       "compare",    "complete",   "compress", "confirm", "connect",
    "convert",  "convertfrom", "convertto",  "copy",       "debug",    "deny",    "deploy",
    "disable",  "disconnect",  "dismount",   "edit",       "enable",   "enter",   "exit",
    "expand",   "export",      "find",       "format",     "get",      "grant",   "group",
    "hide",     "import",      "initialize", "install",    "invoke",   "join",    "limit",
    "lock",     "measure",     "merge",      "mount",      "move",     "new",     "open",
    "optimize", "out",         "ping",       "pop",        "protect",  "publish", "push",
    "read",     "receive",     "redo",       "register",   "remove",   "rename",  "repair",
    "request",  "reset",       "resize",     "resolve",    "restart",  "restore", "resume",
    "revoke",   "save",        "search",     "select",     "send",     "set",     "show",
    "skip",     "split",       "start",      "step",       "stop",     "submit",  "suspend",
    "switch",   "sync",        "test",       "trace",      "unblock",  "undo",    "uninstall",
    "unlock",   "unprotect",   "unpublish",  "unregister", "update",   "use",     "wait",
    "watch",    "write",       NULL};

/* A cmdlet used as PowerShell uses it: verb-Noun (an approved verb) given a named
 * parameter (Get-ChildItem -Path), fed by a pipeline (| Out-File) or given a variable
 * ($x), or run by the shell named before it unless the value is free text, where
 * "powershell get-childitem" is what a person asks about. A slug (get-started,
 * how-to-set-up) has none of those after it. */
static bool ps_cmdlet(const char *v, size_t n, bool text)
{
    for (const char *d = v; (d = memchr(d, '-', (size_t)(v + n - d))); d++) {
        const char *vb = d;
        while (vb > v && isalpha((unsigned char)vb[-1]))
            vb--;
        if (vb == d || (vb > v && (isalnum((unsigned char)vb[-1]) || vb[-1] == '-' ||
                                   vb[-1] == '_' || vb[-1] == '.')))
            continue;
        const char *e = d + 1;
        while (e < v + n && isalnum((unsigned char)*e))
            e++;
        if (e - d < 4 || (e < v + n && (*e == '-' || *e == '.' || *e == '_')) ||
            !in_list(ps_verbs, vb, (size_t)(d - vb)))
            continue;
        const char *a = v + skip_blanks(v, (size_t)(e - v), n);
        bool param = a > e && a + 1 < v + n && *a == '-' && isalpha((unsigned char)a[1]);
        bool var = a > e && a + 1 < v + n && *a == '$' && isalpha((unsigned char)a[1]);
        const char *b = vb;
        while (b > v && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        bool piped = b > v && b[-1] == '|';
        /* powershell Get-Process: the shell named, then the cmdlet it runs */
        bool run = (b - v >= 10 && !memcmp(b - 10, "powershell", 10)) ||
                   (b - v >= 4 && !memcmp(b - 4, "pwsh", 4));
        if (param || var || piped || (run && b < vb && !text))
            return true;
    }
    return false;
}

/* PowerShell's own syntax, which no prose writes: a static member of a bracketed .NET
 * type ([system.convert]::frombase64string), an object made from a .NET or COM type
 * (new-object net.webclient, -comobject), and the switches that run encoded or hidden
 * code. Values are lower-cased. */
static bool powershell(const char *v, size_t n, bool text, const char **why)
{
    /* every form below has a ':' or a '-' */
    bool colon = memchr(v, ':', n) != NULL, dash = memchr(v, '-', n) != NULL;
    if (!colon && !dash)
        return false;
    for (const char *p = v; colon && (p = memmem(p, (size_t)(v + n - p), "]::", 3)); p += 3) {
        const char *open = p;
        while (open > v && open[-1] != '[' && (isalnum((unsigned char)open[-1]) || open[-1] == '.'))
            open--;
        if (open > v && open[-1] == '[' && open < p && p + 3 < v + n &&
            isalpha((unsigned char)p[3])) {
            *why = "PowerShell static .NET call";
            return true;
        }
    }
    if (!dash)
        return false;
    if (ps_cmdlet(v, n, text)) {
        *why = "PowerShell cmdlet with a parameter or in a pipeline";
        return true;
    }
    const char *no = memmem(v, n, "new-object", 10);
    if (no) {
        const char *t = no + 10;
        while (t < v + n && *t == ' ')
            t++;
        size_t rest = (size_t)(v + n - t);
        if (has_prefix(t, rest, "-comobject") || has_prefix(t, rest, "net.") ||
            has_prefix(t, rest, "system.") || has_prefix(t, rest, "io.") ||
            has_prefix(t, rest, "-typename")) {
            *why = "PowerShell object from a .NET or COM type";
            return true;
        }
    }
    static const char *const switches[] = {
        " -encodedcommand ",        " -enc ",      " -e ",   " -w hidden", " -windowstyle hidden",
        " -executionpolicy bypass", " -ep bypass", " -nop ", NULL};
    const char *ps = memmem(v, n, "powershell", 10);
    if (!ps)
        ps = memmem(v, n, "pwsh", 4);
    /* free text quotes a command line in a sentence ("the macro ran `powershell -enc
     * ...`"): there it counts where a command would run, at the value's head or right
     * after a break there */
    if (ps && text && !at_the_head(v, (size_t)(ps - v)) && !shell_head(v, (size_t)(ps - v)))
        ps = NULL;
    for (size_t k = 0; ps && switches[k]; k++)
        if (memmem(ps, (size_t)(v + n - ps), switches[k], strlen(switches[k]))) {
            *why = "PowerShell run with encoded or hidden code";
            return true;
        }
    return false;
}

/* Words joined by single pipes and nothing else (api|worker, error|warn|crit): a
 * pattern's alternation or a list, as dashboards' variables and log filters write them.
 * A pipe there runs a command only if it is one that tells where it runs (x|id). */
static bool alternation_of_words(const char *v, size_t n)
{
    if (n < 3 || v[0] == '|' || v[n - 1] == '|')
        return false;
    bool pipe = false;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '|') {
            if (v[i + 1] == '|')
                return false;
            pipe = true;
        } else if (!isalnum((unsigned char)v[i]) && !(v[i] && strchr("_-.*", v[i]))) {
            return false;
        }
    }
    return pipe;
}

/* Whether the backticks at open and close quote an element of a list: [`a b`, `c`] (a
 * search service's filter, a list of names in Markdown). A substitution is part of a
 * command line, never an element between '[' or ',' and ',' or ']'. */
static bool ticked_list_element(const char *v, size_t open, size_t close, size_t n)
{
    size_t k = open, m = close + 1;
    while (k > 0 && v[k - 1] == ' ')
        k--;
    while (m < n && v[m] == ' ')
        m++;
    return k > 0 && (v[k - 1] == '[' || v[k - 1] == ',') && m < n && (v[m] == ',' || v[m] == ']');
}

/* Whether name (nl bytes) is set earlier in v, before at, at a command's position
 * (the value's start, or after ; & | a blank or a line break): name=... */
static bool assigned_before(const char *v, size_t at, const char *name, size_t nl)
{
    const char *from = at > FK_WS_REACH ? v + at - FK_WS_REACH : v;
    for (const char *p = from; (p = memmem(p, (size_t)(v + at - p), name, nl)); p++)
        if ((p == v || memchr(";&| \t\n", p[-1], 6)) && p + nl < v + at && p[nl] == '=')
            return true;
    return false;
}

/* A command word made only of expansions of variables the value set before it
 * (a=i;b=d;$a$b): nothing but a shell assembles a command so. */
static bool assigned_command(const char *v, size_t j, size_t n)
{
    size_t k = j, names = 0;
    while (k < n && v[k] == '$') {
        bool braced = k + 1 < n && v[k + 1] == '{';
        size_t b = k + 1 + braced, e = b;
        while (e < n && (isalnum((unsigned char)v[e]) || v[e] == '_'))
            e++;
        if (e == b || !isalpha((unsigned char)v[b]) || (braced && (e >= n || v[e] != '}')) ||
            !assigned_before(v, j, v + b, e - b))
            return false;
        names++;
        k = e + braced;
    }
    return names > 0 && (k >= n || memchr(" \t;|&)`\n", v[k], 8));
}

bool fk_webstruct_shell(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field field,
                        const char **why)
{
    if (n < 2)
        return false;
    /* free text read as a parameter, except a command line it starts with (below) */
    bool text = field == FK_WS_TEXT;
    /* free text runs as commands only after a break at its head (shell_head) */
    bool head = text && shell_head(v, n);
    if (text)
        field = FK_WS_PARAM;
    if (((!text || head || names_a_path(v, n)) && shell_expansion(v, n, field, why)) ||
        powershell(v, n, text, why) ||
        (field != FK_WS_HEADER &&
         (((!text || head) &&
           (cmd_for_loop(v, n, why) || cmd_if(v, n, why) || sqlite_dot_command(v, n, why))) ||
          mail_injection(v, n, why))))
        return true;
    /* a server-side include's exec directive (Apache mod_include, nginx's ssi):
     * <!--#exec cmd="..." --> runs a command when the page that stored it is served */
    const char *ssi = n >= 10 ? memmem(v, n, "<!--#", 5) : NULL;
    if (ssi) {
        size_t k = skip_blanks(v, (size_t)(ssi - v) + 5, n);
        if (has_prefix(v + k, n - k, "exec") && k + 4 < n &&
            (v[k + 4] == ' ' || v[k + 4] == '\t')) {
            size_t a = skip_blanks(v, k + 4, n);
            if (has_prefix(v + a, n - a, "cmd=") || has_prefix(v + a, n - a, "cgi=")) {
                *why = "server-side include that runs a command (<!--#exec cmd=)";
                return true;
            }
        }
    }
    /* shellshock: a function definition in a header value */
    if (has_prefix(v, n, "() {") || has_prefix(v, n, "(){")) {
        *why = "function definition (Shellshock)";
        return true;
    }
    /* A value that quotes its own strings ({app="auth"} |~ "failed (password|login)",
     * a LogQL query): its first double quote follows '=', '~', '(' or ','. Between those
     * quotes a shell reads no separator or pipe (a '|' there is a pattern's), though a
     * substitution still runs. */
    bool own_strings = quote_opens_a_literal(v, n, '"'), in_string = false;
    bool alternation = alternation_of_words(v, n);
    for (size_t i = 0; i < n;) {
        if (own_strings && (v[i] == '"' || (in_string && memchr("|&;\n\r", v[i], 5)))) {
            in_string = v[i] == '"' ? !in_string : in_string;
            i++;
            continue;
        }
        if (v[i] == '`') {
            const char *close = memchr(v + i + 1, '`', n - i - 1);
            if (close && ticked_list_element(v, i, (size_t)(close - v), n)) {
                i = (size_t)(close - v) + 1;
                continue;
            }
        }
        /* find the next command position and how strong the operator before it is */
        int strength = -1; /* 0: start, 1: ; or newline or &, 2: | && || ` $( */
        size_t at = i;
        {
            char c = v[i];
            if (c == '`' || (c == '$' && i + 1 < n && v[i + 1] == '(')) {
                strength = 2;
                at = i + (c == '`' ? 1 : 2);
            } else if (c == '|' || c == '&') {
                strength = (i + 1 < n && v[i + 1] == c) || c == '|' ? 2 : 1;
                at = i + 1 + (i + 1 < n && v[i + 1] == c);
            } else if (c == ';' || c == '\n' || c == '\r') {
                strength = 1;
                at = i + 1;
            } else if (c == '(' && i > 0 && (v[i - 1] == '<' || v[i - 1] == '>')) {
                strength = 2; /* <( ) process substitution */
                at = i + 1;
            } else if (i == 0 && field != FK_WS_PATH) {
                strength = 0; /* a path starts with a slash, not with a command */
            }
        }
        if (strength < 0 || (text && strength >= 1 && !head)) {
            i = at > i ? at : i + 1;
            continue;
        }
        size_t j = skip_blanks(v, at, n);
        /* an interactive shell's history run again as the command (!!, !-2, !42): after a
         * separator nothing else writes an exclamation mark and then a number */
        if (strength >= 1 && j + 1 < n && v[j] == '!') {
            size_t h = j + 1 + (v[j + 1] == '!' || v[j + 1] == '-');
            bool event = v[j + 1] == '!' || (h < n && isdigit((unsigned char)v[h]));
            while (h < n && isdigit((unsigned char)v[h]))
                h++;
            if (event && (h >= n || memchr(" \t;|&)`\n", v[h], 7))) {
                *why = "shell history expansion as a command";
                return true;
            }
        }
        /* bash's $(< file): the file's text substituted, no command needed */
        if (strength == 2 && at >= 2 && v[at - 1] == '(' && v[at - 2] == '$' && j + 1 < n &&
            v[j] == '<' && v[j + 1] != '<') {
            size_t f = skip_blanks(v, j + 1, n);
            if (f < n && (isalnum((unsigned char)v[f]) || memchr("/~.\"'$", v[f], 6)) &&
                memchr(v + f, ')', n - f < FK_WS_REACH ? n - f : FK_WS_REACH)) {
                *why = "file read by a command substitution";
                return true;
            }
        }
        while (j < n && (v[j] == ' ' || v[j] == '\t' || v[j] == '(' || v[j] == '{' || v[j] == '!'))
            j++;
        if (strength >= 1 && assigned_command(v, j, n)) {
            *why = "command assembled from variables set before it";
            return true;
        }
        /* an environment assignment before the command: X=y cmd */
        char word[64];
        size_t len;
        size_t end = shell_word(v, j, n, word, sizeof word, &len);
        if (len == 0 && end > j && end < n && (v[end] == ' ' || v[end] == '\t') &&
            memchr(v + j, '$', end - j)) {
            /* "$a cat x": an unset variable expands to nothing; the next word runs */
            while (end < n && (v[end] == ' ' || v[end] == '\t'))
                end++;
            j = end;
            end = shell_word(v, j, n, word, sizeof word, &len);
        }
        /* /bin/sh, /usr/bin/wget, c:\windows\system32\cmd.exe: the last part names it */
        const char *base = word;
        const char *slash = strrchr(word, '/');
        const char *bslash = strrchr(word, '\\');
        if (bslash && (!slash || bslash > slash))
            slash = bslash;
        /* a path names a command only in a directory of programs (/bin, /usr/sbin,
         * system32): /etc/passwd is a file, not the passwd command */
        bool pathed = slash != NULL && (memmem(word, (size_t)(slash - word) + 1, "bin/", 4) ||
                                        memmem(word, (size_t)(slash - word) + 1, "system32\\", 9) ||
                                        memmem(word, (size_t)(slash - word) + 1, "system32/", 9));
        if (slash)
            base = slash + 1;
        size_t blen = len - (size_t)(base - word);
        bool recon = false, common = false;
        /* a command that runs the next one (time sh -c ..., nohup curl ...): the next
         * word is the command, and the prefix itself is the shell evidence */
        bool prefixed = false;
        if (in_list(prefix_cmds, base, blen)) {
            size_t nx = end;
            while (nx < n && (v[nx] == ' ' || v[nx] == '\t'))
                nx++;
            char next[64];
            size_t nlen;
            size_t nend = shell_word(v, nx, n, next, sizeof next, &nlen);
            bool r2, c2;
            if (nx > end && nlen >= 2 && known_command(w, next, nlen, &r2, &c2) &&
                !in_list(prefix_cmds, next, nlen)) {
                prefixed = true;
                end = nend;
            }
        }
        if (blen >= 1 && (blen >= 2 || pathed || strength == 2) &&
            known_command(w, base, blen, &recon, &common)) {
            /* the word was spelt so that only a shell reads it as the command
             * (w'h'o'am'i, c\at, pi$()ng): the disguise is the evidence */
            size_t sq = 0, dq = 0;
            for (size_t q = j; q < end; q++) {
                sq += v[q] == '\'';
                dq += v[q] == '"';
            }
            /* an apostrophe (I'd) is no shell quote: those come in pairs; and a word
             * quoted whole ('hello', "true") is how a string is written anywhere, not a
             * name spelt so that only a shell reads it */
            bool wrapped =
                end - j == len + 2 && (v[j] == '\'' || v[j] == '"') && v[end - 1] == v[j];
            bool disguised = !prefixed && end - j != len && len >= 2 && !pathed && !wrapped &&
                             sq % 2 == 0 && dq % 2 == 0;
            /* {cmd,arg}: brace expansion makes the words a command line */
            if (j > 0 && v[j - 1] == '{' && end < n && v[end] == ',')
                disguised = true;
            /* in a header, a command's name that is also a word given a web address is
             * a product's comment ("Link Checker 2.x http://www.kyosoft.com", a
             * crawler's User-Agent): crawlers write their home page there */
            bool args = shell_args(w, v, end, n, !(field == FK_WS_HEADER && common)) || prefixed ||
                        disguised;
            if (prefixed) /* "time sleep 5": the pair is the evidence, not the word */
                common = false;
            /* (blanks before the end or a separator change nothing: "\n id \n") */
            size_t after = skip_blanks(v, end, n);
            bool alone = after >= n || v[after] == ')' || v[after] == '`' || v[after] == ';' ||
                         v[after] == '|' || v[after] == '&' || v[after] == '\n';
            bool ok;
            if (field == FK_WS_HEADER)
                ok = (args && (strength >= 1 || pathed)) || (strength >= 1 && i == 0);
            else if (strength == 2)
                ok = alternation ? recon : !common || args;
            else if (strength == 1)
                ok = args || address_arg(v, end, n) || file_arg(v, end, n) || (recon && alone) ||
                     (pathed && !common) ||
                     (in_list(net_clients, base, blen) && host_arg(v, end, n)) ||
                     command_form(v, base, blen, end, n);
            else if (text) /* "sudo apt update" searched for, "netstat -an" asked about:
                              only a program's full path or a disguise says shell */
                ok = disguised || (pathed && (args || alone) && word[0] == '/');
            else /* the value starts with it; a template's placeholders (Hello
                    ${user.name}) are no shell arguments there */
                ok = (args && !common && !placeholders_alone(w, v, end, n)) ||
                     (pathed && (args || alone) && word[0] == '/');
            if (ok) {
                *why = strength == 2   ? "command after a pipe or substitution"
                       : strength == 1 ? "command after a command separator"
                                       : "command line";
                return true;
            }
        }
        i = at > i ? at : i + 1;
    }
    return false;
}

/* ==== code: PHP, server-side JavaScript, Java ========================================
 * Code in a value is known by what only code has: PHP's open tags and superglobals, a
 * call of a function the language's manual lists (name, optional comments, then '('),
 * a function called through a string or an expression ("sys"."tem")(...), variable
 * functions; Node's process and child_process, prototype pollution; Java's expression
 * languages and reflection, and JNDI lookups. */

/* PHP functions that run commands or code, reach files and the network, or decode
 * hidden payloads (from the PHP manual's program execution, function handling,
 * filesystem, string and variable handling chapters). */
static const char *const php_functions[] = {"exec",
                                            "system",
                                            "passthru",
                                            "shell_exec",
                                            "popen",
                                            "proc_open",
                                            "pcntl_exec",
                                            "eval",
                                            "assert",
                                            "create_function",
                                            "call_user_func",
                                            "call_user_func_array",
                                            "func_get_args",
                                            "forward_static_call",
                                            "register_shutdown_function",
                                            "register_tick_function",
                                            "array_map",
                                            "array_filter",
                                            "array_walk",
                                            "array_reduce",
                                            "usort",
                                            "uasort",
                                            "uksort",
                                            "preg_replace",
                                            "preg_replace_callback",
                                            "mb_ereg_replace",
                                            "include",
                                            "include_once",
                                            "require",
                                            "require_once",
                                            "file_get_contents",
                                            "file_put_contents",
                                            "fopen",
                                            "fwrite",
                                            "fputs",
                                            "fread",
                                            "fgets",
                                            "file",
                                            "readfile",
                                            "unlink",
                                            "rename",
                                            "copy",
                                            "mkdir",
                                            "rmdir",
                                            "chmod",
                                            "chown",
                                            "touch",
                                            "tempnam",
                                            "tmpfile",
                                            "move_uploaded_file",
                                            "highlight_file",
                                            "show_source",
                                            "parse_ini_file",
                                            "glob",
                                            "scandir",
                                            "opendir",
                                            "readdir",
                                            "base64_decode",
                                            "base64_encode",
                                            "gzinflate",
                                            "gzuncompress",
                                            "gzdecode",
                                            "str_rot13",
                                            "convert_uudecode",
                                            "hex2bin",
                                            "bin2hex",
                                            "urldecode",
                                            "rawurldecode",
                                            "unserialize",
                                            "serialize",
                                            "var_dump",
                                            "print_r",
                                            "var_export",
                                            "phpinfo",
                                            "phpversion",
                                            "php_uname",
                                            "getenv",
                                            "putenv",
                                            "ini_set",
                                            "ini_get",
                                            "set_time_limit",
                                            "error_reporting",
                                            "header",
                                            "mail",
                                            "curl_exec",
                                            "curl_init",
                                            "fsockopen",
                                            "pfsockopen",
                                            "stream_socket_client",
                                            "socket_create",
                                            "dl",
                                            "chr",
                                            "ord",
                                            "strrev",
                                            "substr",
                                            "str_replace",
                                            "implode",
                                            "explode",
                                            "strtolower",
                                            "strtoupper",
                                            "sprintf",
                                            "printf",
                                            "vsprintf",
                                            "intval",
                                            "strval",
                                            "strip_tags",
                                            "htmlspecialchars",
                                            "posix_getpwuid",
                                            "posix_geteuid",
                                            "posix_kill",
                                            "get_current_user",
                                            "getcwd",
                                            "get_defined_vars",
                                            "get_defined_functions",
                                            "extract",
                                            "parse_str",
                                            "compact",
                                            "session_start",
                                            "setcookie",
                                            "ob_start",
                                            "debug_zval_dump",
                                            "escapeshellarg",
                                            "escapeshellcmd",
                                            "md5",
                                            "sha1",
                                            "crc32",
                                            "str_pad",
                                            "array_merge",
                                            "in_array",
                                            "is_callable",
                                            "function_exists",
                                            "class_exists",
                                            "method_exists",
                                            "constant",
                                            "define",
                                            "var_export",
                                            "simplexml_load_string",
                                            "libxml_disable_entity_loader",
                                            "mb_convert_encoding",
                                            "iconv",
                                            "stream_get_contents",
                                            "zlib_decode",
                                            "__halt_compiler",
                                            NULL};
/* Words with a meaning of their own that PHP also names a function: a call of them
 * counts only with PHP around it (a $variable, a string argument, a ; after). */
static const char *const php_plain_words[] = {"file",   "copy",     "header",  "mail",    "touch",
                                              "define", "constant", "extract", "compact", "glob",
                                              "system", "print_r",  NULL};
/* The PHP manual's "Predefined Variables", with the long arrays PHP 4 and 5 had
 * ($HTTP_GET_VARS, ...) that old code still reads. */
static const char *const php_superglobals[] = {"$_get",
                                               "$_post",
                                               "$_request",
                                               "$_cookie",
                                               "$_server",
                                               "$_files",
                                               "$_env",
                                               "$_session",
                                               "$globals",
                                               "$http_raw_post_data",
                                               "$http_response_header",
                                               "$php_errormsg",
                                               "$argv",
                                               "$argc",
                                               "$http_get_vars",
                                               "$http_post_vars",
                                               "$http_cookie_vars",
                                               "$http_server_vars",
                                               "$http_env_vars",
                                               "$http_session_vars",
                                               "$http_post_files",
                                               "$php_self",
                                               NULL};

/* Where the code before s[at] ends, PHP's trivia skipped backwards: white space, block
 * comments, and line comments (// or #) on a line the skipped space broke. */
static size_t trivia_before(const char *v, size_t at)
{
    size_t e = at;
    for (;;) {
        size_t before = e;
        while (e > 0 && isspace((unsigned char)v[e - 1]))
            e--;
        if (e >= 2 && v[e - 1] == '/' && v[e - 2] == '*') { /* a block comment */
            size_t k = e - 2;
            while (k >= 2 && !(v[k - 2] == '/' && v[k - 1] == '*'))
                k--;
            if (k < 2)
                break;
            e = k - 2;
            continue;
        }
        if (memchr(v + e, '\n', before - e)) { /* a line comment on the line before */
            size_t ls = e, k;
            while (ls > 0 && v[ls - 1] != '\n')
                ls--;
            for (k = ls; k < e; k++)
                if (v[k] == '#' || (v[k] == '/' && k + 1 < e && v[k + 1] == '/'))
                    break;
            if (k < e) {
                e = k;
                continue;
            }
        }
        break;
    }
    return e;
}

/* The identifier ending at v[e], into name; its length. */
static size_t ident_ending(const char *v, size_t e, char *name, size_t cap)
{
    size_t b = e;
    while (b > 0 && (isalnum((unsigned char)v[b - 1]) || v[b - 1] == '_'))
        b--;
    size_t n = e - b < cap - 1 ? e - b : cap - 1;
    memcpy(name, v + b, n);
    name[n] = '\0';
    return e - b;
}

/* Letters of a string with PHP's escapes undone (\x73 -> s), quotes and dots dropped:
 * "sys"."tem" and "\x73ystem" both read "system". */
static size_t php_letters(const char *v, size_t from, size_t to, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = from; i < to && k + 1 < cap; i++) {
        if (v[i] == '\\' && i + 3 < to && v[i + 1] == 'x' && isxdigit((unsigned char)v[i + 2]) &&
            isxdigit((unsigned char)v[i + 3])) {
            char hex[3] = {v[i + 2], v[i + 3], 0};
            out[k++] = (char)tolower((int)strtol(hex, NULL, 16));
            i += 3;
        } else if (isalnum((unsigned char)v[i]) || v[i] == '_') {
            out[k++] = v[i];
        }
    }
    out[k] = '\0';
    return k;
}

/* PHP's stream wrappers (the manual's "Supported Protocols and Wrappers"): a parameter
 * naming one asks include, fopen or file_get_contents to read source, archives or a
 * process instead of a file. (data: is the SSRF reader's; http and ftp are ordinary.) */
static const char *const php_wrappers[] = {"php://",
                                           "phar://",
                                           "zip://",
                                           "glob://",
                                           "expect://",
                                           "ogg://",
                                           "rar://",
                                           "compress.zlib://",
                                           "compress.bzip2://",
                                           "ssh2.shell://",
                                           "ssh2.exec://",
                                           "ssh2.sftp://",
                                           NULL};
/* fk_webstruct_php_wrapper (webstruct.h): the value opens with one of the above */
bool fk_webstruct_php_wrapper(const char *v, size_t n)
{
    for (size_t k = 0; php_wrappers[k]; k++) {
        size_t l = strlen(php_wrappers[k]);
        if (n > l && !strncasecmp(v, php_wrappers[k], l))
            return true;
    }
    return false;
}

/* php.ini directives that turn on remote inclusion, prepend code or lift the sandbox:
 * set through php-cgi's -d switch (CVE-2012-1823, CVE-2024-4577) or an ini string. */
static const char *const php_directives[] = {"allow_url_include",
                                             "allow_url_fopen",
                                             "auto_prepend_file",
                                             "auto_append_file",
                                             "disable_functions",
                                             "open_basedir",
                                             "safe_mode",
                                             "register_globals",
                                             "cgi.force_redirect",
                                             "suhosin.simulation",
                                             "enable_dl",
                                             "sendmail_path",
                                             "extension_dir",
                                             "zend_extension",
                                             "include_path",
                                             "short_open_tag",
                                             NULL};

/* A serialized PHP object, O:<len>:"<class>":<count>:{ (or C: for a custom one), whose
 * length matches its class name: unserialize() builds it and runs its magic methods. */
static bool php_serialized_object(const char *v, size_t n)
{
    for (size_t i = 0; i + 8 < n; i++) {
        if (!((v[i] == 'o' || v[i] == 'c') && v[i + 1] == ':' &&
              (i == 0 || !isalnum((unsigned char)v[i - 1]))))
            continue;
        size_t j = i + 2, len = 0;
        while (j < n && isdigit((unsigned char)v[j]) && len < 100000)
            len = len * 10 + (size_t)(v[j++] - '0');
        if (j == i + 2 || j + 1 >= n || v[j] != ':' || v[j + 1] != '"' || !len)
            continue;
        j += 2;
        if (n - j < len + 3 || v[j + len] != '"' || v[j + len + 1] != ':')
            continue;
        bool name = true;
        for (size_t k = 0; k < len && name; k++)
            name = isalnum((unsigned char)v[j + k]) || v[j + k] == '_' || v[j + k] == '\\';
        size_t c = j + len + 2;
        while (c < n && isdigit((unsigned char)v[c]))
            c++;
        if (name && c > j + len + 2 && c + 1 < n && v[c] == ':' && v[c + 1] == '{')
            return true;
    }
    return false;
}

/* PHP functions that only code names: a parameter whose whole value is one of them is
 * an argument for a callback, a variable function or an eval'd string. (Names with an
 * underscore only: a value of letters alone skips the readers, and phpinfo or passthru
 * alone are left to the signatures.) */
static const char *const php_risky_names[] = {"shell_exec",
                                              "proc_open",
                                              "pcntl_exec",
                                              "create_function",
                                              "call_user_func",
                                              "call_user_func_array",
                                              "register_shutdown_function",
                                              "register_tick_function",
                                              "file_get_contents",
                                              "file_put_contents",
                                              "move_uploaded_file",
                                              "highlight_file",
                                              "show_source",
                                              "base64_decode",
                                              "str_rot13",
                                              "convert_uudecode",
                                              "php_uname",
                                              "curl_exec",
                                              "stream_socket_client",
                                              "get_defined_vars",
                                              "get_defined_functions",
                                              "posix_getpwuid",
                                              "posix_kill",
                                              "get_current_user",
                                              "preg_replace_callback",
                                              "assert_options",
                                              "gzinflate",
                                              "gzuncompress",
                                              NULL};

/* Whether the call whose '(' is at v[open] ends a PHP statement: its ')' (brackets
 * counted, strings skipped) is followed by ';'. */
static bool call_ends_statement(const char *v, size_t n, size_t open)
{
    int depth = 0;
    char quote = 0;
    for (size_t i = open; i < n; i++) {
        char c = v[i];
        if (quote) {
            if (c == '\\')
                i++;
            else if (c == quote)
                quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            size_t j = i + 1;
            while (j < n && (v[j] == ' ' || v[j] == '\t'))
                j++;
            return j < n && v[j] == ';';
        }
    }
    return false;
}

/* A PHP variable: '$' then a letter or '_' ($x, $_a; not "$5" or "US$"). */
static bool php_variable(const char *v, size_t n)
{
    for (const char *p = v; (p = memchr(p, '$', (size_t)(v + n - p))); p++)
        if (p + 1 < v + n && (isalpha((unsigned char)p[1]) || p[1] == '_') &&
            (p == v || !isalnum((unsigned char)p[-1])))
            return true;
    return false;
}

/* PHP's statements that open code without a call (the manual's list of keywords): after
 * "<? " they are code, as a short open tag runs them. The value is lower-cased. */
static bool php_statement_word(const char *v, size_t n)
{
    static const char *const words[] = {
        "echo", "print",  "include", "include_once", "require", "require_once", "eval", "exit",
        "die",  "return", "foreach", "function",     "global",  "namespace",    NULL};
    size_t l = 0;
    while (l < n && (isalnum((unsigned char)v[l]) || v[l] == '_'))
        l++;
    return in_list(words, v, l);
}

/* What may follow "<?xml" in XML (XML 1.0 §2.8 and §2.6): the declaration, whose version
 * comes first after white space, or a processing instruction whose target only starts
 * with "xml" (xml-stylesheet). Anything else is PHP's short open tag reading "xml..." as
 * code. */
static bool xml_declaration_or_pi(const char *v, size_t n)
{
    if (n > 0 && (v[0] == '-' || v[0] == '?'))
        return true;
    size_t k = 0;
    while (k < n && (v[k] == ' ' || v[k] == '\t' || v[k] == '\r' || v[k] == '\n'))
        k++;
    return k > 0 && (has_prefix(v + k, n - k, "version") || has_prefix(v + k, n - k, "?>"));
}

/* Whether v[k, end) is a subscript's inside: digits, with spaces, '+' and comments (an
 * index such as [0] or PHP's old string offset {0}), nothing else. */
static bool index_inside(const char *v, size_t k, size_t end)
{
    bool digit = false;
    for (size_t m = k; m < end; m++) {
        if (isdigit((unsigned char)v[m]))
            digit = true;
        else if (v[m] == '/' && m + 1 < end && v[m + 1] == '*') {
            const char *close = memmem(v + m + 2, end - (m + 2), "*/", 2);
            if (!close)
                return false;
            m = (size_t)(close - v) + 1;
        } else if (v[m] != ' ' && v[m] != '\t' && v[m] != '+')
            return false;
    }
    return digit;
}

/* Where a callee's name ends once what picks an element out of it is set aside: the
 * subscripts [0] and {0}, and the brackets that group it, so that [system][0](...),
 * ('system')[0](...) and ([system][0]){0}(...) are read as calls of what they name. */
static size_t callee_without_subscripts(const char *v, size_t end)
{
    for (;;) {
        while (end > 0 && (v[end - 1] == ' ' || v[end - 1] == '\t'))
            end--;
        if (end == 0)
            return end;
        char c = v[end - 1];
        if (c == ']' || c == '}') {
            char open = c == ']' ? '[' : '{';
            size_t k = end - 1;
            while (k > 0 && v[k - 1] != open && end - k < 48)
                k--;
            if (k > 0 && v[k - 1] == open && index_inside(v, k, end - 1)) {
                end = k - 1; /* a subscript: the callee is what it is taken from */
                continue;
            }
        }
        if (c == ')' || c == '}') {
            end--; /* a group: the callee is inside it */
            continue;
        }
        return end;
    }
}

/* A function of PHP's that runs a command, given as its whole argument the bare name
 * of a command that tells an attacker where he is: system(whoami), exec(id). Older PHP
 * reads an undefined constant as its own name, so no quote is needed, and prose does
 * not write a reconnaissance command in a function's brackets. */
static bool recon_argument(const char *fn, size_t fl, const char *v, size_t open, size_t n)
{
    static const char *const runs[] = {"system", "exec",      "passthru",   "shell_exec",
                                       "popen",  "proc_open", "pcntl_exec", NULL};
    if (!in_list(runs, fn, fl))
        return false;
    size_t a = skip_blanks(v, open + 1, n), e = a;
    while (e < n && (isalnum((unsigned char)v[e]) || v[e] == '_'))
        e++;
    size_t c = skip_blanks(v, e, n);
    return e > a && c < n && v[c] == ')' && in_list(recon_cmds, v + a, e - a);
}

static bool php_code(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field field,
                     const char **why)
{
    if (field == FK_WS_PARAM && in_list(php_risky_names, v, n)) {
        *why = "PHP function name as a value";
        return true;
    }
    bool scheme = memmem(v, n, "://", 3) != NULL; /* every wrapper has one */
    for (size_t k = 0; scheme && php_wrappers[k]; k++) {
        const char *p = memmem(v, n, php_wrappers[k], strlen(php_wrappers[k]));
        if (p && (p == v || !isalnum((unsigned char)p[-1]))) {
            *why = "PHP stream wrapper";
            return true;
        }
    }
    if (php_serialized_object(v, n)) {
        *why = "serialized PHP object (object injection)";
        return true;
    }
    /* a directive is set with '=' or php-cgi's "-d " */
    bool setting = memchr(v, '=', n) || memmem(v, n, "-d ", 3);
    for (size_t k = 0; setting && php_directives[k]; k++) {
        size_t l = strlen(php_directives[k]);
        for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), php_directives[k], l));
             p += l) {
            size_t at = (size_t)(p - v), e = at + l;
            if (at > 0 && (isalnum((unsigned char)v[at - 1]) || v[at - 1] == '_'))
                continue;
            while (e < n && v[e] == ' ')
                e++;
            /* directive=value, or php-cgi's -d directive */
            bool dswitch = at >= 3 && v[at - 1] == ' ' && v[at - 2] == 'd' && v[at - 3] == '-';
            if ((e < n && v[e] == '=') || dswitch) {
                *why = "php.ini directive set from a request";
                return true;
            }
        }
    }
    /* a closing tag that opens the value, after at most the end of a string and of a
     * statement ("?>", "';?>"): the value breaks out of the code it was written into */
    {
        size_t j = 0;
        while (j < n && j < 4 &&
               (v[j] == '\'' || v[j] == '"' || v[j] == ';' || v[j] == ')' || v[j] == ' '))
            j++;
        if (j + 1 < n && v[j] == '?' && v[j + 1] == '>') {
            *why = "PHP closing tag (breaking out of the code)";
            return true;
        }
    }
    /* open tags: <?php, <?=, <? followed by code; template tags [php] {php} */
    for (size_t i = 0; i + 1 < n; i++) {
        if (v[i] == '<' && v[i + 1] == '?') {
            size_t j = i + 2;
            while (j < n && isspace((unsigned char)v[j]))
                j++;
            /* <? then code: a variable, a call, a statement's end (prose after <? is
             * no code: "<? should not") */
            bool code = false;
            for (size_t m = j; m < n && m < j + 64 && !code; m++)
                code = v[m] == '$' || v[m] == '(' || v[m] == ';';
            bool xml = j == i + 2 && has_prefix(v + j, n - j, "xml");
            if (has_prefix(v + j, n - j, "php") || (j < n && v[j] == '=') || (j == n && i > 0) ||
                (!xml && j > i + 2 && j < n && isalpha((unsigned char)v[j]) &&
                 (code || php_statement_word(v + j, n - j))) ||
                (xml && !xml_declaration_or_pi(v + j + 3, n - j - 3) && code)) {
                *why = "PHP open tag";
                return true;
            }
        }
        if ((v[i] == '[' || v[i] == '{') &&
            (has_prefix(v + i + 1, n - i - 1, "php]") || has_prefix(v + i + 1, n - i - 1, "php}") ||
             has_prefix(v + i + 1, n - i - 1, "/php]") ||
             has_prefix(v + i + 1, n - i - 1, "/php}"))) {
            *why = "PHP template tag";
            return true;
        }
        if (v[i] == '$')
            for (size_t g = 0; php_superglobals[g]; g++)
                if (has_prefix(v + i, n - i, php_superglobals[g]) &&
                    (i + strlen(php_superglobals[g]) == n ||
                     !isalnum((unsigned char)v[i + strlen(php_superglobals[g])]))) {
                    *why = "PHP superglobal";
                    return true;
                }
    }
    /* calls: name(...), "string"(...), (expr)(...), $var(...). What the whole value
     * holds is looked up once, not again at every '(' (a value of 200,000 parentheses
     * took 0.6 s) */
    const char *last_close = memrchr(v, ')', n);
    bool php_around =
        memchr(v, '$', n) || memchr(v, ';', n) || memchr(v, '\'', n) || memchr(v, '"', n);
    for (size_t i = 0; i < n; i++) {
        if (v[i] != '(')
            continue;
        /* only a complete call: a '(' alone is punctuation ("see exec (", a file name) */
        if (!last_close || last_close < v + i)
            continue;
        char name[64], letters[64];
        size_t b = trivia_before(v, i);
        size_t nl = ident_ending(v, b, name, sizeof name);
        if (nl && nl < sizeof name && in_list(php_functions, name, nl)) {
            /* the word must stand alone: not part of a longer token (my.file() is no
             * PHP), and words like file need PHP around them */
            size_t start = b - nl;
            bool alone = start == 0 || !(isalnum((unsigned char)v[start - 1]) ||
                                         v[start - 1] == '.' || v[start - 1] == '-');
            /* '.' after a string or a call is PHP's concatenation, not a member: '.system( */
            if (!alone && v[start - 1] == '.' && start >= 2 &&
                (v[start - 2] == '\'' || v[start - 2] == '"' || v[start - 2] == ')' ||
                 v[start - 2] == ' '))
                alone = true;
            bool plain = in_list(php_plain_words, name, nl);
            /* a comment between a name and its '(' is code: prose has none */
            bool commented = b < i && (memchr(v + b, '/', i - b) || memchr(v + b, '#', i - b));
            /* a header is free text where ';' and quotes are everyday punctuation
             * ("(Windows NT 10.0; Win64; x64)"): there a call is a name PHP alone uses,
             * with its '(' right after it or behind a comment */
            bool header_call = !plain && (b == i || commented);
            bool recon = recon_argument(name, nl, v, i, n);
            if (field == FK_WS_HEADER ? alone && header_call
                                      : alone && (!plain || php_around || commented || recon)) {
                *why = "PHP function call";
                return true;
            }
        } else if (nl && nl < sizeof name && field != FK_WS_HEADER &&
                   fk_strmap_get(&w->php_funcs, name, nl)) {
            /* any other function PHP has, as a statement: a call that ends in ';', or
             * beside a $variable. SQL shares names with PHP (sleep, substr, count),
             * so neither a quote nor a bracket alone makes it PHP */
            size_t start = b - nl;
            bool alone =
                start == 0 || !(isalnum((unsigned char)v[start - 1]) || v[start - 1] == '.' ||
                                v[start - 1] == '-' || v[start - 1] == '>' || v[start - 1] == ':');
            if (alone && (call_ends_statement(v, n, i) || php_variable(v, n))) {
                *why = "PHP built-in function called as a statement";
                return true;
            }
            /* a call as the expression of a string's ${...} (also ${@...}, errors
             * silenced): "{${sleep(20)}}" runs it while the string is built, as the
             * manual's variable parsing describes; a placeholder names, it calls nothing */
            size_t at = start > 0 && v[start - 1] == '@' ? start - 1 : start;
            if (at >= 2 && v[at - 1] == '{' && v[at - 2] == '$') {
                *why = "PHP call interpolated in a string";
                return true;
            }
        }
        if (b > 0 && (v[b - 1] == ')' || v[b - 1] == ']' || v[b - 1] == '}' || v[b - 1] == '\'' ||
                      v[b - 1] == '"')) {
            /* the callee is an expression: spell out what it names */
            size_t end = callee_without_subscripts(v, b);
            size_t from = end > 48 ? end - 48 : 0;
            size_t ln = php_letters(v, from, end, letters, sizeof letters);
            for (size_t f = 0; ln && php_functions[f]; f++) {
                size_t fl = strlen(php_functions[f]);
                if (fl >= 4 && ln >= fl && !memcmp(letters + ln - fl, php_functions[f], fl) &&
                    (php_around || !in_list(php_plain_words, php_functions[f], fl) ||
                     recon_argument(php_functions[f], fl, v, i, n))) {
                    *why = "PHP function called through an expression";
                    return true;
                }
            }
            /* ('sys'.'tem') and similar: string concatenation in a callee */
            if (memmem(v + from, b - from, "'.'", 3) || memmem(v + from, b - from, "\".\"", 3)) {
                *why = "PHP call of a concatenated name";
                return true;
            }
        }
        /* $name(...): a variable's name starts with a letter or '_' (not "us$5 (") */
        if (b > 1 && nl && b - nl > 0 && v[b - nl - 1] == '$' &&
            (isalpha((unsigned char)name[0]) || name[0] == '_')) {
            *why = "PHP variable function call";
            return true;
        }
    }
    /* $name = 'a'.'b'; */
    for (size_t i = 0; i + 3 < n; i++)
        if (v[i] == '$' && isalpha((unsigned char)v[i + 1])) {
            size_t j = i + 1;
            while (j < n && (isalnum((unsigned char)v[j]) || v[j] == '_'))
                j++;
            while (j < n && v[j] == ' ')
                j++;
            if (j + 1 < n && v[j] == '=' && v[j + 1] != '=' && memchr(v + j, ';', n - j)) {
                *why = "PHP assignment";
                return true;
            }
        }
    return false;
}

/* Whether one of list's names starts a word in v (no letter or digit before it). One
 * search per name: a filter by first letters would have to be kept in step with the
 * lists by hand. */
static bool names_at_word(const char *v, size_t n, const char *const *list)
{
    /* one pass over the value, trying the names only where a word begins with a byte
     * one of them begins with: a search per name was a tenth of the time of reading
     * bodies, whose values are long */
    unsigned char first[256] = {0};
    for (size_t k = 0; list[k]; k++)
        first[(unsigned char)list[k][0]] = 1;
    for (size_t i = 0; i < n; i++) {
        if (!first[(unsigned char)v[i]] || (i > 0 && isalnum((unsigned char)v[i - 1])))
            continue;
        for (size_t k = 0; list[k]; k++)
            if (has_prefix(v + i, n - i, list[k]))
                return true;
    }
    return false;
}

/* Node's globals and core modules (the Node.js API documentation) that reach the
 * process, files, the network or code: a method called on one of them is server-side
 * JavaScript (fs.readdirSync('.'), os.userInfo(), vm.runInThisContext(...)). */
static const char *const node_objects[] = {"process",
                                           "child_process",
                                           "fs",
                                           "os",
                                           "vm",
                                           "net",
                                           "dgram",
                                           "dns",
                                           "http",
                                           "https",
                                           "tls",
                                           "cluster",
                                           "worker_threads",
                                           "module",
                                           "repl",
                                           "v8",
                                           "inspector",
                                           "global",
                                           "globalthis",
                                           NULL};

static bool node_call(const char *v, size_t n, const char **why)
{
    for (const char *d = v; (d = memchr(d, '.', (size_t)(v + n - d))); d++) {
        const char *o = d;
        while (o > v && (isalnum((unsigned char)o[-1]) || o[-1] == '_'))
            o--;
        if (o == d || (o > v && (o[-1] == '.' || o[-1] == '$' || o[-1] == '/' || o[-1] == '-')) ||
            !in_list(node_objects, o, (size_t)(d - o)))
            continue;
        const char *m = d + 1;
        while (m < v + n && (isalnum((unsigned char)*m) || *m == '_'))
            m++;
        /* the member, then its call: fs.readdirSync(".") (not "see fs.md (draft)") */
        const char *p = m;
        if (m > d + 1 && p < v + n && *p == '(' && memchr(p, ')', (size_t)(v + n - p))) {
            *why = "Node core module or global called";
            return true;
        }
    }
    /* a module loaded by name: import('child_process'), require ("fs") */
    static const char *const loaders[] = {"import", "require", NULL};
    for (size_t k = 0; loaders[k]; k++) {
        size_t l = strlen(loaders[k]);
        for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), loaders[k], l)); p += l) {
            if (p > v && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
                continue;
            const char *q = v + skip_blanks(v, (size_t)(p + l - v), n);
            if (q + 1 < v + n && *q == '(' && (q[1] == '\'' || q[1] == '"' || q[1] == '`')) {
                *why = "module loaded by name";
                return true;
            }
        }
    }
    return false;
}

/* Log4j resolves lookups inside out before it reads the one around them, so a JNDI
 * lookup can be spelt in pieces: ${${lower:j}ndi:...}, ${${::-j}${::-n}di:...},
 * ${${env:NONE:-j}ndi:...}, ${x:-$}{jndi:...}. This resolves, innermost first, the
 * lookups whose value the text itself gives (lower, upper and any default after ":-")
 * and reports whether a JNDI lookup is what remains. Another lookup (a real ${env:X})
 * stands for text that cannot be known and is left as a mark. */
static bool log4j_jndi_spelt(const char *v, size_t n)
{
    /* from the first lookup on, at most 4 KiB: padding before it hides nothing */
    const char *at = memmem(v, n, "${", 2);
    if (!at)
        return false;
    n -= (size_t)(at - v);
    v = at;
    if (n > 4096)
        n = 4096;
    char buf[4097];
    memcpy(buf, v, n);
    size_t len = n;
    for (int round = 0; round < 256; round++) {
        /* the innermost lookup: the last "${" before the first '}' after it */
        char *open = NULL;
        for (char *p = buf; p + 1 < buf + len; p++) {
            if (p[0] == '$' && p[1] == '{')
                open = p;
            else if (p[0] == '}' && open)
                break;
        }
        char *close = open ? memchr(open, '}', (size_t)(buf + len - open)) : NULL;
        if (!close)
            break;
        const char *body = open + 2;
        size_t blen = (size_t)(close - body);
        const char *value = NULL;
        size_t vlen = 0;
        const char *dflt = blen >= 2 ? memmem(body, blen, ":-", 2) : NULL;
        if (blen > 5 && has_prefix(body, blen, "jndi:"))
            return true;
        if (dflt) {
            value = dflt + 2;
            vlen = (size_t)(close - value);
        } else if (has_prefix(body, blen, "lower:") || has_prefix(body, blen, "upper:")) {
            value = body + 6;
            vlen = blen - 6;
        }
        /* replaced by its value, or by a mark no lookup is made of */
        char mark = '\x01';
        if (!value) {
            value = &mark;
            vlen = 1;
        }
        size_t span = (size_t)(close + 1 - open), tail = (size_t)(buf + len - close - 1);
        memmove(open, value, vlen);
        memmove(open + vlen, close + 1, tail);
        len = len - span + vlen;
    }
    return false;
}

/* The frames of a stack trace as runtimes print them, counted by what ends each: Java's
 * and Kotlin's "(File.java:42)", "(Native Method)" and "(Unknown Source)"; V8's
 * "file.js:12:34)"; Python's ", line 22, in "; .NET's ":line 42"; PHP's ".php(42): ";
 * Ruby's ".rb:42:in ". Two are a trace: one alone could be anything's text. */
static bool frame_end_at(const char *v, size_t i, size_t n)
{
    static const char *const fixed[] = {"(native method)", "(unknown source)", ", line ", ":line ",
                                        NULL};
    for (size_t k = 0; fixed[k]; k++)
        if (n - i >= strlen(fixed[k]) && !strncasecmp(v + i, fixed[k], strlen(fixed[k]))) {
            size_t l = strlen(fixed[k]);
            /* the line's number after ", line " and ":line " */
            return fixed[k][0] == '(' || (i + l < n && isdigit((unsigned char)v[i + l]));
        }
    if (v[i] != ':' && v[i] != '(')
        return false;
    /* a source file's extension just before: .java:42) .kt:42) .js:1:2) .php(42): .rb:4:in */
    static const char *const sources[] = {"java", "kt", "scala", "groovy", "js",  "mjs",
                                          "cjs",  "ts", "jsx",   "tsx",    "php", "rb",
                                          "cs",   "go", "swift", "dart",   NULL};
    size_t e = i;
    while (e > 0 && isalnum((unsigned char)v[e - 1]))
        e--;
    if (e == 0 || v[e - 1] != '.' || e == i)
        return false;
    bool source = false;
    for (size_t k = 0; sources[k] && !source; k++)
        source = strlen(sources[k]) == i - e && !strncasecmp(v + e, sources[k], i - e);
    if (!source)
        return false;
    size_t d = i + 1, digits = 0;
    while (d < n && isdigit((unsigned char)v[d])) {
        d++;
        digits++;
    }
    if (!digits || d >= n)
        return false;
    if (v[i] == '(') /* PHP: file.php(42): */
        return v[d] == ')' && d + 1 < n && v[d + 1] == ':';
    if (v[d] == ')') /* Java, Kotlin: File.kt:118) */
        return true;
    if (v[d] == ':') { /* V8: file.js:12:34) ; Ruby: file.rb:42:in */
        size_t c = d + 1;
        while (c < n && isdigit((unsigned char)v[c]))
            c++;
        return (c > d + 1 && c < n && v[c] == ')') || has_prefix(v + d, n - d, ":in ");
    }
    return false;
}

bool fk_webstruct_symbols_only(const char *v, size_t n)
{
    /* SQL's two-letter words and operators, and the two-letter commands a shell
     * injection runs first (coreutils', procps', netcat's, the shells') */
    static const char *const words[] = {"or", "is", "in", "as", "by", "on", "if", "id", "ls",
                                        "ps", "rm", "cd", "nc", "sh", "su", "df", "du", "wc",
                                        "dd", "cp", "mv", "ln", "ip", "vi", "ed", NULL};
    for (size_t i = 0; i < n;) {
        if (!isalpha((unsigned char)v[i])) {
            i++;
            continue;
        }
        size_t st = i;
        while (i < n && isalpha((unsigned char)v[i]))
            i++;
        if (i - st >= 3)
            return false;
        for (size_t k = 0; i - st == 2 && words[k]; k++)
            if (!strncasecmp(v + st, words[k], 2))
                return false;
    }
    return true;
}

bool fk_webstruct_image_data_url(const char *v, size_t n)
{
    /* the type, then the base64 of the format's first bytes (lower-cased as the value
     * is): PHP's data: wrapper would run a <?php tag hidden further in any bytes, which
     * only a decoder of the case-kept value could see; an include of a picture's data
     * URL is not what this tells apart */
    static const struct {
        const char *type, *magic;
    } images[] = {{"image/png", "ivborw0kggo"},
                  {"image/jpeg", "/9j/"},
                  {"image/jpg", "/9j/"},
                  {"image/gif", "r0lgod"},
                  {"image/webp", "uklgr"},
                  {"image/x-icon", "aaabaa"},
                  {"image/vnd.microsoft.icon", "aaabaa"}};
    if (!has_prefix(v, n, "data:"))
        return false;
    for (size_t k = 0; k < sizeof images / sizeof images[0]; k++) {
        size_t tl = strlen(images[k].type), ml = strlen(images[k].magic);
        if (n >= 5 + tl + 8 + ml && !memcmp(v + 5, images[k].type, tl) &&
            !memcmp(v + 5 + tl, ";base64,", 8) && !memcmp(v + 5 + tl + 8, images[k].magic, ml))
            return true;
    }
    return false;
}

bool fk_webstruct_stack_trace(const char *v, size_t n)
{
    int frames = 0;
    for (size_t i = 0; i < n && frames < 2; i++)
        if ((v[i] == ':' || v[i] == '(' || v[i] == ',') && frame_end_at(v, i, n))
            frames++;
    return frames >= 2;
}

/* A class of java.lang named at a word's start, other than an exception or an error:
 * java.lang.Runtime, ProcessBuilder, Class, System, reflect.Method are what injected
 * code reaches for; java.lang.IllegalStateException is what a crash report or a
 * question names. */
static bool java_lang_class(const char *v, size_t n)
{
    for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), "java.lang.", 10)); p += 10) {
        if (p > v && isalnum((unsigned char)p[-1]))
            continue;
        const char *e = p + 10;
        while (e < v + n && (isalnum((unsigned char)*e) || *e == '_' || *e == '$' || *e == '.'))
            e++;
        size_t len = (size_t)(e - p);
        bool thrown =
            (len > 9 && !memcmp(e - 9, "exception", 9)) || (len > 5 && !memcmp(e - 5, "error", 5));
        if (!thrown)
            return true;
    }
    return false;
}

/* The same pollution as a JSON document's keys: {"constructor":{"prototype":{...}}}. */
static bool json_constructor_prototype(const char *v, size_t i, size_t n)
{
    if (!has_prefix(v + i, n - i, "constructor\"") || i == 0 || v[i - 1] != '"')
        return false;
    size_t k = i + 12;
    while (k < n && isspace((unsigned char)v[k]))
        k++;
    if (k >= n || v[k++] != ':')
        return false;
    while (k < n && isspace((unsigned char)v[k]))
        k++;
    if (k >= n || v[k++] != '{')
        return false;
    while (k < n && isspace((unsigned char)v[k]))
        k++;
    return has_prefix(v + k, n - k, "\"prototype\"");
}

/* Server-side JavaScript (Node) and prototype pollution; Java's reflection, expression
 * languages (EL, OGNL, SpEL) and JNDI lookups. */
static bool js_java_code(const char *v, size_t n, fk_webstruct_field field, const char **why)
{
    static const char *const node[] = {"child_process",    "process.mainmodule", "process.binding",
                                       "process.spawn",    "process.kill",       "require(",
                                       "global.process",   "module.constructor", "fs.readfilesync",
                                       "fs.writefilesync", "vm.runinnewcontext", NULL};
    static const char *const java[] = {
        "runtime.getruntime", "processbuilder", "class.forname", "getclass(", "classloader",
        "getdeclaredmethod", "newinstance(", "javax.script", "scriptenginemanager", "ognlcontext",
        "@java.", "#_memberaccess", "#context", "springframework", "getmethod(",
        /* loading and running classes and scripts */
        "urlclassloader", "defineclass", "loadclass(", "invokertransformer", "templatesimpl",
        "bsh.interpreter", "groovy.lang.", "org.codehaus.groovy", "jdk.nashorn", "javax.el.",
        "java.rmi.", NULL};
    static const char *const lookups[] = {
        "${jndi:",   "${ldap:",   "${rmi:", "${dns:",    "${env:", "${sys:",  "${java:",
        "${lower:",  "${upper:",  "${::-",  "${date:",   "${ctx:", "${main:", "${base64:",
        "${script:", "${spring:", "${k8s:", "${docker:", NULL};
    size_t el_from = SIZE_MAX, el_to = 0; /* an expression read and found quiet */
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == '_' && has_prefix(v + i, n - i, "__proto__")) {
            *why = "prototype pollution (__proto__)";
            return true;
        }
        if (c == 'c' && (has_prefix(v + i, n - i, "constructor[prototype]") ||
                         has_prefix(v + i, n - i, "constructor][prototype]") ||
                         has_prefix(v + i, n - i, "constructor.prototype") ||
                         json_constructor_prototype(v, i, n))) {
            *why = "prototype pollution (constructor.prototype)";
            return true;
        }
        if (c == '$')
            for (size_t k = 0; lookups[k]; k++)
                if (has_prefix(v + i, n - i, lookups[k])) {
                    *why = "JNDI or Log4j lookup";
                    return true;
                }
        /* expression-language evaluation: ${...}, #{...}, %{...} holding a call or a
         * class reference: ${t(java.lang.runtime)}, %{(#a=@java...)}, #{7*7} is left
         * to the signatures */
        /* (a stretch read to its '}' or the end and found quiet holds nothing from a
         * later opening in it either: many openings without a close are read once) */
        if ((c == '$' || c == '#' || c == '%') && i + 1 < n && v[i + 1] == '{' &&
            !(i >= el_from && i < el_to)) {
            const char *e = memchr(v + i, '}', n - i);
            size_t len = e ? (size_t)(e - v - i) : n - i;
            if (memmem(v + i, len, ".getclass", 9) || memmem(v + i, len, "t(java", 6) ||
                memmem(v + i, len, "new java", 8) || memmem(v + i, len, ".exec(", 6) ||
                memmem(v + i, len, "@java", 5)) {
                *why = "expression language injection";
                return true;
            }
            el_from = i;
            el_to = i + len;
        }
    }
    if (log4j_jndi_spelt(v, n)) {
        *why = "JNDI lookup spelt in nested lookups";
        return true;
    }
    if (names_at_word(v, n, node)) {
        *why = "server-side JavaScript";
        return true;
    }
    if (names_at_word(v, n, java) || java_lang_class(v, n)) {
        *why = "Java reflection or expression language";
        return true;
    }
    if (field != FK_WS_PATH && node_call(v, n, why))
        return true;
    /* a compiled Java class: the class file's magic CA FE BA BE, in base64 (yv66vg) or
     * hex; a class handed to a loader (TemplatesImpl, defineClass) is code */
    if (n >= 12 && (has_prefix(v, n, "yv66vg") || has_prefix(v, n, "cafebabe0000"))) {
        *why = "Java class file";
        return true;
    }
    /* the packages whose classes reach files, the network, naming services and the
     * process, or are the gadgets of deserialization chains, named in full; and the
     * internals no client has reason to name: the JDK's own copy of Xerces and Xalan
     * (com.sun.org.apache), its JNDI providers (com.sun.jndi: the RMI registry's
     * ReferenceWrapper of JNDI injection), its unexported reflection and RMI packages
     * (sun.reflect: AnnotationInvocationHandler, the carrier of the classic gadget
     * chains; sun.rmi; jdk.internal), Struts 2's XWork core that OGNL injections reach for
     * (com.opensymphony.xwork2), CORBA's classes of IIOP deserialization (org.omg.CORBA).
     * A library's public name (org.apache.commons) alone is what developers search for. */
    static const char *const java_packages[] = {"java.io.",
                                                "java.net.",
                                                "java.nio.",
                                                "javax.naming",
                                                "javax.management",
                                                "sun.misc.",
                                                "jdk.jshell",
                                                "java.beans.",
                                                "org.apache.commons.collections",
                                                "com.sun.org.apache",
                                                "com.sun.jndi.",
                                                "sun.reflect.",
                                                "sun.rmi.",
                                                "jdk.internal.",
                                                "com.sun.rowset",
                                                "com.opensymphony.xwork2",
                                                "org.omg.corba",
                                                NULL};
    for (size_t k = 0; java_packages[k]; k++) {
        const char *p = memmem(v, n, java_packages[k], strlen(java_packages[k]));
        if (p && (p == v || !(isalnum((unsigned char)p[-1]) || p[-1] == '.' || p[-1] == '/'))) {
            *why = "Java class of a sensitive package named";
            return true;
        }
    }
    (void)field;
    return false;
}

/* ==== server-side request forgery ======================================================
 * A URL in a parameter whose host is the server itself, its private network or a cloud
 * metadata service, however the address is spelt: inet_aton reads 2130706433, 0x7f.1,
 * 0177.0.0.1 and 127.1 as the kernel will. Names that resolve to loopback by design
 * (localhost, lvh.me, localtest.me, host.docker.internal) count as well. */
static bool internal_v4(uint32_t a)
{
    return (a >> 24) == 127 || (a >> 24) == 10 || (a >> 24) == 0 || (a >> 20) == 0xac1 ||
           (a >> 16) == 0xc0a8 || (a >> 16) == 0xa9fe || (a >> 22) == (100u << 2 | 1);
}

/* loopback names of the distributions' /etc/hosts (Debian, Red Hat, SUSE), RFC 6761's
 * .localhost, the names container runtimes and Kubernetes resolve to the host or the
 * cluster, and the metadata services' names */
/* any_below: every name under it resolves the same way (RFC 6761's *.localhost, the
 * wildcard loopback domains, Kubernetes' *.cluster.local) */
static const struct {
    const char *name;
    bool any_below;
} internal_names[] = {
    {"localhost", true},
    {"localhost.localdomain", false},
    {"localhost4", false},
    {"localhost4.localdomain4", false},
    {"localhost6", false},
    {"localhost6.localdomain6", false},
    {"ip6-localhost", false},
    {"ip6-loopback", false},
    {"ipv6-localhost", false},
    {"ipv6-loopback", false},
    {"kubernetes.docker.internal", false},
    {"host.containers.internal", false},
    {"host.minikube.internal", false},
    {"cluster.local", true},
    {"lvh.me", true},
    {"localtest.me", true},
    {"vcap.me", false},
    {"lacolhost.com", false},
    {"host.docker.internal", false},
    {"gateway.docker.internal", false},
    {"kubernetes.default", false},
    {"kubernetes.default.svc", false},
    {"metadata.google.internal", false},
    {"metadata", false},
    {"instance-data", false},
    {"instance-data.ec2.internal", false},
    {"metadata.azure.com", false},
};

static bool has_high_byte(const char *v, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if ((unsigned char)v[k] >= 0x80)
            return true;
    return false;
}

/* ASCII for the code points UTS #46 maps to ASCII letters, digits and dots before a
 * name is looked up: full-width forms (U+FF01..FF5E), circled digits and letters
 * (U+2460..2473, U+24B6..24EA), digits with a full stop (U+2488..249B), the ideographic
 * and half-width full stops (U+3002, U+FF61) and the mathematical digits
 * (U+1D7CE..1D7FF). Letters come out in lower case, as IDNA maps them; every other byte
 * is copied. out holds at least n bytes (no mapping makes a code point longer than its
 * UTF-8 form: the longest, U+2473 = "20" and U+249B = "20.", take three bytes). */
static size_t fold_compat_ascii(const char *v, size_t n, char *out)
{
    size_t o = 0;
    for (size_t k = 0; k < n;) {
        unsigned char c = (unsigned char)v[k];
        uint32_t cp = 0;
        /* the project's one UTF-8 validator: a byte that begins no valid sequence is
         * copied as it is */
        size_t len = fk_utf8_seq((const unsigned char *)v + k, n - k);
        if (len > 1) {
            cp = c & (0x3f >> (len - 1));
            for (size_t b = 1; b < len; b++)
                cp = cp << 6 | ((unsigned char)v[k + b] & 0x3f);
        } else {
            len = 1;
        }
        char map[4];
        size_t m = 0;
        if (cp >= 0xff01 && cp <= 0xff5e)
            map[m++] = (char)tolower((int)(cp - 0xfee0));
        else if (cp >= 0x2460 && cp <= 0x2473) /* (1) .. (20) circled */
            m = (size_t)snprintf(map, sizeof map, "%u", (unsigned)(cp - 0x245f));
        else if (cp >= 0x2488 && cp <= 0x249b) /* 1. .. 20. */
            m = (size_t)snprintf(map, sizeof map, "%u.", (unsigned)(cp - 0x2487));
        else if (cp >= 0x24b6 && cp <= 0x24e9)
            map[m++] = (char)('a' + (cp - 0x24b6) % 26);
        else if (cp == 0x24ea)
            map[m++] = '0';
        else if (cp == 0x3002 || cp == 0xff61)
            map[m++] = '.';
        else if (cp >= 0x1d7ce && cp <= 0x1d7ff)
            map[m++] = (char)('0' + (cp - 0x1d7ce) % 10);
        if (m && m <= len) {
            memcpy(out + o, map, m);
            o += m;
            k += len;
        } else {
            out[o++] = v[k++];
        }
    }
    return o;
}

/* The host of one reading of a URL's authority v[i, end) (after the scheme's "//", or
 * the value's start when there is none): an internal address, a loopback or metadata
 * name, or a wildcard DNS name for one. */
static bool internal_authority(const char *v, size_t n, size_t i, size_t end, bool url,
                               const char **why)
{
    /* user@ before the host: the last '@', as parsers take it (a@b@127.0.0.1) */
    for (size_t k = end; k > i; k--)
        if (v[k - 1] == '@') {
            i = k;
            break;
        }
    char host[256];
    size_t h = 0;
    if (i < n && v[i] == '[') { /* [::1], [::ffff:127.0.0.1] */
        const char *close = memchr(v + i, ']', n - i);
        if (!close)
            return false;
        h = (size_t)(close - v - i - 1);
        if (h >= sizeof host)
            return false;
        memcpy(host, v + i + 1, h);
        host[h] = '\0';
        struct in6_addr a6;
        if (url && inet_pton(AF_INET6, host, &a6) == 1) {
            bool loop = IN6_IS_ADDR_LOOPBACK(&a6) || IN6_IS_ADDR_LINKLOCAL(&a6) ||
                        IN6_IS_ADDR_UNSPECIFIED(&a6) || (a6.s6_addr[0] & 0xfe) == 0xfc;
            uint32_t m;
            memcpy(&m, a6.s6_addr + 12, 4);
            if (IN6_IS_ADDR_V4MAPPED(&a6) && internal_v4(ntohl(m)))
                loop = true;
            if (loop) {
                *why = "URL to an internal IPv6 address";
                return true;
            }
        }
        return false;
    }
    while (i + h < end && h + 1 < sizeof host && v[i + h] != ':' && v[i + h] != ' ')
        host[h] = v[i + h], h++;
    host[h] = '\0';
    if (!h)
        return false;
    /* a host-shaped value without a scheme counts only for loopback names */
    bool rest_ok = i + h == n || v[i + h] == '/' || v[i + h] == ':';
    /* a dotless name needs what follows a host in a URL: localhost/ or localhost:8080 */
    if (!url && !(rest_ok && (strchr(host, '.') || i + h < n)))
        return false;
    for (size_t k = 0; k < sizeof internal_names / sizeof internal_names[0]; k++) {
        const char *name = internal_names[k].name;
        size_t l = strlen(name);
        if ((h == l && !memcmp(host, name, l)) ||
            (internal_names[k].any_below && h > l && host[h - l - 1] == '.' &&
             !memcmp(host + h - l, name, l))) {
            if (!url && !strchr(name, '.') && i + h == n)
                return false; /* "localhost" alone as a value is a word, not a URL */
            *why = "URL to a loopback or metadata name";
            return true;
        }
    }
    struct in_addr a4;
    if (url && inet_aton(host, &a4) && internal_v4(ntohl(a4.s_addr))) {
        *why = "URL to an internal address";
        return true;
    }
    /* 127.0.0.1.nip.io, 10.0.0.5.sslip.io: wildcard DNS services answer with the
     * address written in the name, so an internal dotted quad followed by a domain
     * resolves to the internal host */
    for (size_t s0 = 0; url && s0 < h; s0++) {
        if (s0 > 0 && host[s0 - 1] != '.')
            continue; /* the quad starts a label: customer1.app.127.0.0.1.nip.io too */
        size_t q = s0, dots = 0;
        while (q < h && (isdigit((unsigned char)host[q]) || host[q] == '.') && dots < 4)
            dots += host[q++] == '.';
        if (dots == 4 && q < h && isalpha((unsigned char)host[q])) {
            char quad[16];
            if (q - 1 - s0 < sizeof quad) {
                memcpy(quad, host + s0, q - 1 - s0);
                quad[q - 1 - s0] = '\0';
                if (inet_pton(AF_INET, quad, &a4) == 1 && internal_v4(ntohl(a4.s_addr))) {
                    *why = "URL to a name that resolves to an internal address";
                    return true;
                }
            }
        }
    }
    return false;
}

static bool ssrf(const char *v, size_t n, fk_webstruct_field field, const char **why)
{
    if (field != FK_WS_PARAM || n < 4)
        return false;
    /* schemes that let a server-side fetch speak other protocols */
    static const char *const smuggling[] = {
        "gopher://", "dict://", "ldap://", "ldaps://", "tftp://",
        "jar:",      "netdoc:", "file://", NULL};
    for (size_t k = 0; smuggling[k]; k++)
        if (has_prefix(v, n, smuggling[k]) && n > strlen(smuggling[k]) + 1) {
            *why = "URL scheme a server-side fetch should never follow";
            return true;
        }
    /* Apache mod_proxy's unix:/path|http://... (CVE-2021-40438): the part after the
     * '|' is fetched by the server, wherever the socket path points */
    const char *ux = memmem(v, n, "unix:", 5);
    if (ux && memmem(ux, (size_t)(v + n - ux), "|http", 5)) {
        *why = "mod_proxy unix socket URL";
        return true;
    }
    /* a data: URL (RFC 2397: data:[type/subtype][;base64],...) handed to a fetcher or
     * PHP's data:// wrapper is content the attacker wrote, served as if fetched */
    if (has_prefix(v, n, "data:")) {
        size_t k = 5 + (n > 6 && v[5] == '/' && v[6] == '/' ? 2 : 0), t = k;
        while (t < n && (isalnum((unsigned char)v[t]) || v[t] == '-' || v[t] == '.'))
            t++;
        if ((t < n && v[k] == ',') ||
            (t > k && t + 1 < n && v[t] == '/' && isalpha((unsigned char)v[t + 1]))) {
            *why = "data: URL as a resource to fetch";
            return true;
        }
    }
    /* a host written in compatibility characters (①②⑦.⓪.⓪.⓪, ｌｏｃａｌｈｏｓｔ) is the
     * ASCII one to a resolver: IDNA's mapping (UTS #46) folds them first */
    char folded[512];
    if (n < sizeof folded && has_high_byte(v, n)) {
        n = fold_compat_ascii(v, n, folded);
        v = folded;
    }
    size_t i = 0;
    bool url = false;
    const char *sep = memmem(v, n, "://", 3);
    if (sep && sep - v <= 12) {
        i = (size_t)(sep - v) + 3;
        url = true;
    } else if (v[0] == '/' && v[1] == '/') {
        i = 2;
        url = true;
    }
    /* RFC 3986's authority ends at '/', '?' or '#'; the WHATWG URL standard (browsers,
     * Node's URL) also ends it at '\' in http(s) URLs. Parsers that disagree on where
     * the host is are the point of http://127.0.0.1\@example.com/: both hosts count. */
    size_t end = i;
    while (end < n && v[end] != '/' && v[end] != '?' && v[end] != '#')
        end++;
    if (internal_authority(v, n, i, end, url, why))
        return true;
    const char *bs = url ? memchr(v + i, '\\', end - i) : NULL;
    return bs && internal_authority(v, n, i, (size_t)(bs - v), url, why);
}

/* ==== remote file inclusion ===========================================================
 * A parameter that carries a remote script for the application to include: a URL of a
 * remote scheme ending in '?' (so that whatever the application appends becomes a query),
 * a script or text file served from a bare address, or a Windows share. */
static bool rfi(const char *v, size_t n, fk_webstruct_field field, const char **why)
{
    if (field != FK_WS_PARAM || n < 6)
        return false;
    if (v[0] == '\\' && v[1] == '\\' && isalnum((unsigned char)v[2]) &&
        memchr(v + 2, '\\', n - 2)) {
        *why = "Windows share as a parameter";
        return true;
    }
    static const char *const remote[] = {"http://", "https://", "ftp://",    "ftps://",
                                         "smb://",  "sftp://",  "webdav://", NULL};
    size_t sl = 0;
    for (size_t i = 0; remote[i] && !sl; i++)
        if (has_prefix(v, n, remote[i]))
            sl = strlen(remote[i]);
    if (!sl)
        return false;
    size_t end = n;
    while (end > sl && (v[end - 1] == ' '))
        end--;
    /* file-sharing schemes: no page links to a share, an include can read one */
    if (has_prefix(v, n, "smb://") || has_prefix(v, n, "webdav://") ||
        has_prefix(v, n, "sftp://")) {
        *why = "file-sharing URL as a parameter";
        return true;
    }
    /* a remote text or include file: what an include() executes, never a page to go to
     * (but for the text files sites publish for all: robots.txt, security.txt, ...) */
    {
        const char *q = memchr(v + sl, '?', end - sl);
        size_t pe = q ? (size_t)(q - v) : end;
        const char *slash = memrchr(v + sl, '/', pe - sl);
        const char *file = slash ? slash + 1 : NULL;
        size_t fl = file ? (size_t)(v + pe - file) : 0;
        const char *dot = fl ? memrchr(file, '.', fl) : NULL;
        static const char *const includes[] = {".txt", ".inc", ".phtml", ".pl", ".sh", NULL};
        static const char *const published[] = {
            "robots.txt", "ads.txt", "security.txt", "humans.txt", "app-ads.txt", "llms.txt", NULL};
        size_t el = dot && dot > file ? (size_t)(v + pe - dot) : 0;
        for (size_t e = 0; el && includes[e]; e++)
            if (strlen(includes[e]) == el && !memcmp(dot, includes[e], el) &&
                !in_list(published, file, fl)) {
                *why = "remote include or text file";
                return true;
            }
    }
    if (end > sl + 3 && v[end - 1] == '?' && !memchr(v + sl, '=', end - sl)) {
        *why = "remote URL ending in '?'";
        return true;
    }
    /* the host, past any user information: a bare address however it is spelt (dotted,
     * one decimal or hex number as inet_aton reads them, or an IPv6 literal) */
    size_t hs = sl, h = sl;
    while (h < end && v[h] != '/' && v[h] != '?' && v[h] != '#') {
        if (v[h] == '@')
            hs = h + 1;
        h++;
    }
    size_t he = hs;
    if (hs < h && v[hs] == '[') {
        const char *close = memchr(v + hs, ']', h - hs);
        he = close ? (size_t)(close - v) + 1 : hs;
    } else {
        while (he < h && v[he] != ':')
            he++;
    }
    bool bare = false;
    if (he > hs && v[hs] == '[') {
        bare = true;
    } else if (he > hs && he - hs < 64) {
        char host[64];
        memcpy(host, v + hs, he - hs);
        host[he - hs] = '\0';
        struct in_addr a4;
        bare = isdigit((unsigned char)host[0]) && inet_aton(host, &a4);
    }
    h = he;
    /* a URL to a bare public address: pages link to names; an include or a fetcher
     * pointed at an address is the payload (an internal one is SSRF as well) */
    if (bare && h < end && v[h] == '/' && h + 1 < end) {
        *why = "URL to a bare address with a path";
        return true;
    }
    if (bare && h < end && (v[h] == '/' || v[h] == ':')) {
        const char *q = memchr(v + h, '?', end - h);
        size_t pe = q ? (size_t)(q - v) : end;
        static const char *const exts[] = {".txt", ".php", ".phtml", ".pl",  ".py",
                                           ".sh",  ".cgi", ".jsp",   ".asp", ".aspx",
                                           ".inc", ".gif", ".jpg",   ".png", NULL};
        for (size_t e = 0; exts[e]; e++) {
            size_t l = strlen(exts[e]);
            if (pe - h > l && !memcmp(v + pe - l, exts[e], l)) {
                *why = "script or text file from a bare address";
                return true;
            }
        }
    }
    return false;
}

/* ==== files named by meaning ==========================================================
 * A path, or a parameter that carries one, naming a file an application never serves:
 * the system's account, process and device files, credentials and keys, configuration
 * with secrets, version-control and editor metadata, logs and backups. */
static const char *const system_paths[] = {
    "/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/hosts", "/etc/issue",
    "/etc/hostname", "/etc/master.passwd", "/etc/sudoers", "/etc/crontab", "/etc/fstab",
    "/etc/os-release", "/etc/resolv.conf", "/etc/subuid", "/etc/subgid", "/etc/security/",
    "/etc/ssh/", "/etc/mysql/", "/etc/apache2/", "/etc/nginx/", "/etc/httpd/", "/etc/php",
    "/etc/ssl/", "/etc/pam.d/", "/etc/profile", "/etc/environment", "/etc/motd", "/etc/network/",
    "/proc/self/", "/proc/version", "/proc/cpuinfo", "/proc/meminfo", "/proc/mounts", "/proc/net/",
    "/proc/sched_debug", "/proc/1/",
    /* the kernel's own files, by proc(5) */
    "/proc/cmdline", "/proc/config.gz", "/proc/devices", "/proc/filesystems", "/proc/interrupts",
    "/proc/iomem", "/proc/ioports", "/proc/kallsyms", "/proc/kcore", "/proc/loadavg",
    "/proc/modules", "/proc/partitions", "/proc/slabinfo", "/proc/swaps", "/proc/sys/",
    "/proc/uptime", "/proc/vmstat", "/proc/zoneinfo", "/sys/class", "/sys/kernel", "/sys/devices",
    "/sys/block", "/sys/module", "/sys/firmware", "/sys/bus", "/sys/fs", "/dev/tcp/", "/dev/udp/",
    "/dev/mem", "/dev/kmem", "/dev/sda", "/var/log/", "/var/adm/", "/var/run/secrets",
    "/var/lib/mysql", "/root/", "/home/", "/usr/local/etc/", "/opt/", "c:/windows/", "c:/boot.ini",
    "c:/inetpub/", "c:/users/", "c:/documents and settings/", "c:/program files/",
    "c:/programdata/", "/windows/win.ini", "/windows/system32/", "/winnt/", "/boot.ini",
    /* the folders Windows keeps for itself on every volume (restore points, the recycle
     * bin: each user's deleted files) */
    "c:/system volume information/", "c:/$recycle.bin/", NULL};
/* File names that are secrets or metadata wherever they are (not words that also name
 * ordinary folders, like shadow or credentials: /etc/shadow is a system path above). */
static const char *const secret_names[] = {
    ".htpasswd", ".htaccess", ".env", ".git", ".svn", ".hg", ".bzr", ".ds_store", ".idea",
    ".vscode", ".aws", ".ssh", ".gnupg", ".docker", ".kube", ".npmrc", ".pypirc", ".netrc",
    ".pgpass", ".my.cnf", ".bash_history",
    /* shells' and remote logins' own files:
     * bash(1), csh(1), ksh(1), rhosts(5) */
    ".bash_profile", ".bash_logout", ".cshrc", ".tcshrc", ".kshrc", ".zshrc", ".zprofile", ".login",
    ".logout", ".forward", ".rhosts", ".shosts", ".sh_history", ".ksh_history", ".xauthority",
    ".zsh_history", ".mysql_history", ".psql_history", ".python_history", ".viminfo",
    ".git-credentials", ".gitconfig", ".bashrc", ".profile", ".history", ".aiignore", ".dockerenv",
    "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "authorized_keys", "known_hosts", "web.config",
    "wp-config.php", "configuration.php", "localsettings.php", "settings.php", "config.inc.php",
    "database.yml", "secrets.yml", "credentials.json", "service-account.json", "appsettings.json",
    "application.properties", "error.log", "access.log", "error_log", "access_log", "master.passwd",
    "metabase.xml", "catalina.out", "debug.log", "phpinfo.php", "server-status", "server-info",
    "composer.lock", "package-lock.json", "yarn.lock", "dump.sql", "backup.sql", "database.sql",
    "db.sqlite", "docker-compose.yml", "dockerfile", ".travis.yml", ".gitlab-ci.yml", "jenkinsfile",
    "web-inf", "meta-inf", "httpd.conf", "apache2.conf", "nginx.conf", "php.ini", ".user.ini",
    "my.cnf", "my.ini", "boot.ini", "win.ini", "system.ini", "ntds.dit", "pg_hba.conf",
    "tomcat-users.xml", "settings.py", "local.xml", "parameters.yml",
    /* Windows Setup's answer files, which Microsoft documents as holding the local
     * administrator's and the domain join's passwords, and FileZilla Server's settings */
    "unattend.xml", "unattended.xml", "autounattend.xml", "unattend.txt", "unattended.txt",
    "sysprep.inf", "sysprep.xml", "filezilla server.xml", NULL};
/* Spring Boot Actuator's endpoints (its reference documentation) that expose the
 * environment and configuration, memory and thread dumps, logs and traced requests,
 * or change the process (shutdown, loggers, the gateway's routes, Jolokia's JMX) */
static const char *const actuator_secrets[] = {
    "env",         "configprops", "heapdump",         "threaddump", "dump",
    "logfile",     "httptrace",   "httpexchanges",    "trace",      "jolokia",
    "shutdown",    "gateway",     "mappings",         "beans",      "sessions",
    "auditevents", "loggers",     "scheduledtasks",   "conditions", "caches",
    "flyway",      "liquibase",   "integrationgraph", "startup",    "quartz",
    "autoconfig",  "restart",     "refresh",          NULL};
/* The secret names above that are folders without a leading dot */
static const char *const secret_folders[] = {"web-inf", "meta-inf", NULL};
static const char *const backup_suffixes[] = {".bak",  ".old",    ".orig", ".swp",  ".swo",
                                              ".save", ".backup", ".tmp",  ".copy", NULL};
/* Extensions of files a site may hold but never serves, by what they are: databases and
 * their dumps, private keys and key stores, server-side configuration and include
 * files, logs, and the source and project files of .NET applications (which IIS itself
 * refuses to serve). Certificates (.crt, .cer) are public and not listed. */
static const char *const never_served[] = {
    /* databases and dumps */
    ".sql", ".db", ".sqlite", ".sqlite3", ".mdb", ".accdb", ".dbf", ".rdb", ".frm", ".myd", ".ibd",
    ".mdf", ".ldf", ".dump",
    /* private keys and key stores */
    ".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk", ".kdbx",
    /* configuration and include files */
    ".ini", ".conf", ".cfg", ".config", ".inc",
    /* logs (MySQL writes its errors to HOST.err, Tomcat to catalina.err) */
    ".log", ".err",
    /* .NET source, project and debug files */
    ".cs", ".vb", ".csproj", ".vbproj", ".sln", ".resx", ".pdb", NULL};

const char fk_webstruct_kind_why[] =
    "a kind of file a site never serves (database, key, configuration, log)";

/* The reason a request path's dot segments give: the one R_FILE finding in a path that
 * is file inclusion (lfi) rather than a sensitive file asked for. */
static const char dot_segments_why[] = "dot segments in the request path (browsers resolve "
                                       "them before sending)";

/* Two paths equal, a backslash matching a slash (Windows writes either). */
static bool path_eq(const char *a, const char *b, size_t l)
{
    for (size_t i = 0; i < l; i++)
        if (a[i] != b[i] && !((a[i] == '\\' || a[i] == '/') && (b[i] == '\\' || b[i] == '/')))
            return false;
    return true;
}

/* A dot-file's name (after the dot) that says it holds settings, secrets or a history:
 * a tool's run-commands file (.npmrc, .babelrc), a word of configuration, credentials or
 * history in it (.ftpconfig, .s3cfg, .zsh_history, .dockerignore), or a settings format
 * after it (.sftp-config.json, .env.production). Other names after a dot are what pages
 * are called too: a wiki's articles on top-level domains (/wiki/.de) or on file types
 * (/wiki/.properties), a package's build metadata (.SRCINFO), RFC 3986's examples. The
 * well-known names are listed in secret_names. */
static bool dotfile_says_secret(const char *name, size_t n)
{
    if (n >= 3 && name[n - 2] == 'r' && name[n - 1] == 'c')
        return true;
    static const char *const words[] = {"history", "config",  "conf",  "cfg",   "ignore", "env",
                                        "secret",  "cred",    "passw", "token", "key",    "auth",
                                        "cache",   "session", "login", "sql",   "bak",    "backup",
                                        "dump",    "vault",   "ssh",   "git",   "svn",    NULL};
    for (size_t k = 0; words[k]; k++)
        if (memmem(name, n, words[k], strlen(words[k])))
            return true;
    static const char *const formats[] = {
        ".json", ".yml",        ".yaml", ".toml",        ".ini",     ".xml",  ".local",
        ".prod", ".production", ".dev",  ".development", ".staging", ".test", NULL};
    for (size_t k = 0; formats[k]; k++) {
        size_t l = strlen(formats[k]);
        if (n > l && !memcmp(name + n - l, formats[k], l))
            return true;
    }
    return false;
}

static bool named_file(const char *v, size_t n, fk_webstruct_field field, const char **why)
{
    /* PHP's filter wrapper hands back any file the application can read, encoded */
    if (field == FK_WS_PARAM && memmem(v, n, "php://filter", 12)) {
        *why = "PHP filter wrapper reading a file";
        return true;
    }
    /* climbing out of the directory a value names: ../../ (a query's backslashes are
     * climbs too on Windows). In a request path a single one is enough: browsers
     * resolve dot segments before they send a URL (RFC 3986 section 5.2.4), so only a
     * tool sends /../ (path normalisation keeps ../ and has turned \\ into /) */
    {
        /* a run of dots that is a whole segment: .., and the .... of filters that strip
         * ../ once; an ellipsis ending a name (0db.../) is no segment */
        size_t ups = 0;
        for (size_t i = 0; i + 2 < n; i++) {
            if (!(v[i] == '.' && v[i + 1] == '.' && (v[i + 2] == '/' || v[i + 2] == '\\')))
                continue;
            size_t j = i;
            while (j > 0 && v[j - 1] == '.')
                j--;
            if (j == 0 || v[j - 1] == '/' || v[j - 1] == '\\')
                ups++;
        }
        if (field == FK_WS_PATH && ups >= 1) {
            *why = dot_segments_why;
            return true;
        }
        if (ups >= 2) {
            *why = "path traversal";
            return true;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (v[i] != '/' && v[i] != '\\' &&
            !(i == 0 && isalpha((unsigned char)v[0]) && n > 2 && v[1] == ':'))
            continue;
        for (size_t k = 0; system_paths[k]; k++) {
            size_t l = strlen(system_paths[k]);
            const char *p = system_paths[k];
            size_t off = i;
            if (p[0] != '/' && i == 0 && v[0] != '/') /* c:/... */
                off = 0;
            else if (p[0] != '/' && v[i] == '/' && i + 2 < n && v[i + 2] == ':')
                off = i + 1; /* /c:/..., as a file URL's path writes a drive */
            else if (p[0] != '/')
                continue;
            /* a drive entry (c:/windows/) stands for every drive: Windows keeps its
             * own folders on each volume, and installs where it is told */
            bool drive = p[0] != '/' && isalpha((unsigned char)v[off]);
            if (n - off >= l &&
                (drive ? path_eq(v + off + 1, p + 1, l - 1) : path_eq(v + off, p, l)) &&
                (p[l - 1] == '/' || n - off == l || !isalnum((unsigned char)v[off + l]))) {
                /* /home/ and /opt/ alone are ordinary paths on many sites: only with a
                 * parameter, or deeper into a user's dot-files */
                if ((!strcmp(p, "/home/") || !strcmp(p, "/opt/") || !strcmp(p, "/root/") ||
                     !strcmp(p, "/var/log/")) &&
                    field == FK_WS_PATH)
                    continue;
                /* and in a parameter, a folder or a document under /home or /opt is what
                 * a NAS's or a file manager's API names all day (folder_path=/home/backup):
                 * a user's dot-files there are the secrets (a secret's name anywhere is
                 * caught below) */
                if ((!strcmp(p, "/home/") || !strcmp(p, "/opt/")) &&
                    !memmem(v + off + l, n - off - l, "/.", 2))
                    continue;
                *why = "system file";
                return true;
            }
        }
    }
    /* a parameter whose value is a file under /etc: every file there is the system's
     * configuration (hier(7)), and no page's parameter names one (the list above is
     * for paths, where /etc/ may be a site's own folder) */
    if (field == FK_WS_PARAM && n > 5 && path_eq(v, "/etc/", 5) &&
        (isalnum((unsigned char)v[5]) || v[5] == '.' || v[5] == '_')) {
        *why = "system file";
        return true;
    }
    /* a parameter whose value is a file or folder in the trees hier(7) gives the system
     * rather than any application: the kernel's /proc, /boot, and /var's spools, run
     * state, mail and the system's own backups (macOS keeps /etc and /var under
     * /private). Not /var/www, /srv, /var/lib or /var/cache: an application keeps its
     * files there, and its settings (upload_dir=/srv/app/uploads) or an incident
     * report's indicators name them. Under /usr and /opt, a product's conf, etc or log
     * folder (/usr/local/apache/logs, /opt/tomcat/logs/catalina.out); programs there
     * (sendmail_path=/usr/sbin/sendmail) are what settings forms name too */
    if (field == FK_WS_PARAM && n > 6 && (v[0] == '/' || v[0] == '\\')) {
        static const char *const trees[] = {
            "/proc/",   "/boot/",   "/var/run/",     "/var/spool/",   "/var/mail/", "/var/backups/",
            "/var/db/", "/var/yp/", "/private/etc/", "/private/var/", NULL};
        for (size_t k = 0; trees[k]; k++) {
            size_t l = strlen(trees[k]);
            if (n > l && path_eq(v, trees[k], l) &&
                (isalnum((unsigned char)v[l]) || v[l] == '_' || v[l] == '.')) {
                *why = "system file";
                return true;
            }
        }
        /* a server's log by its name in a log folder: /logs/security_log, cPanel's
         * /usr/local/cpanel/logs/login_log (Apache's access_log is a secret name) */
        const char *last = memrchr(v, '/', n);
        size_t ll = last ? (size_t)(v + n - last - 1) : 0;
        if (last && ll > 4 && !memcmp(v + n - 4, "_log", 4) && last > v) {
            const char *prev = memrchr(v, '/', (size_t)(last - v));
            size_t pl = prev ? (size_t)(last - prev - 1) : 0;
            if (prev && ((pl == 4 && !memcmp(prev + 1, "logs", 4)) ||
                         (pl == 3 && !memcmp(prev + 1, "log", 3)))) {
                *why = "system file";
                return true;
            }
        }
        /* each component after the product's own folder, against the kept folders */
        if (path_eq(v, "/opt/", 5) || path_eq(v, "/usr/", 5)) {
            static const char *const kept[] = {"conf", "etc", "logs", "log", NULL};
            const char *c = memchr(v + 5, '/', n - 5);
            while (c) {
                const char *e = memchr(c + 1, '/', (size_t)(v + n - c - 1));
                if (in_list(kept, c + 1, (size_t)((e ? e : v + n) - c - 1))) {
                    *why = "system file";
                    return true;
                }
                c = e;
            }
        }
    }
    /* a hidden file in a user's home folder, written as a shell writes it (~/.xinitrc,
     * ~postgres/.psql_history): no site names its files so */
    if (field == FK_WS_PARAM && n > 3 && v[0] == '~') {
        const char *slash = memchr(v, '/', n);
        if (slash && slash + 2 < v + n && slash[1] == '.' && slash[2] != '.' &&
            (size_t)(slash - v) <= 32) {
            *why = "hidden file in a home folder";
            return true;
        }
    }
    /* a parameter that opens with a system file under /etc or /proc written without
     * its root (etc/passwd, proc/self/environ): what an inclusion given a base folder
     * ("/" . $file) or one that strips a leading slash reads */
    if (field == FK_WS_PARAM && n > 0 && v[0] != '/' && v[0] != '\\')
        for (size_t k = 0; system_paths[k]; k++) {
            const char *p = system_paths[k] + 1;
            size_t l = strlen(p);
            if ((has_prefix(p, l, "etc/") || has_prefix(p, l, "proc/")) && n >= l &&
                path_eq(v, p, l) && (p[l - 1] == '/' || n == l || !isalnum((unsigned char)v[l]))) {
                *why = "system file";
                return true;
            }
        }
    /* in a header, only a climb or a system file is a file read: browsers and crawlers
     * write product names and URLs there, which name all kinds of files */
    if (field == FK_WS_HEADER)
        return false;
    /* each path component against the secret names and backup suffixes */
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && v[i] != '/' && v[i] != '\\')
            continue;
        const char *comp = v + start;
        size_t cl = i - start;
        start = i + 1;
        if (!cl)
            continue;
        /* the last component of a path with no slash in a parameter is a plain word */
        if (field == FK_WS_PARAM && !memchr(v, '/', n) && !memchr(v, '\\', n) && comp[0] != '.')
            continue;
        /* Spring Boot's management endpoints that hand out what the process holds
         * (its environment, memory, threads, logs, recent requests) or act on it:
         * the Actuator reference exposes only health over HTTP by default, and health,
         * info, metrics and prometheus are what monitoring asks for */
        if (field == FK_WS_PATH && i < n && cl == 8 && !memcmp(comp, "actuator", 8)) {
            size_t e = i + 1;
            while (e < n && v[e] != '/' && v[e] != '\\')
                e++;
            if (in_list(actuator_secrets, v + i + 1, e - i - 1)) {
                *why = "management endpoint that exposes the process";
                return true;
            }
        }
        /* a folder's name anywhere (.git/, WEB-INF/), a file's only where it ends the
         * path: /go/dockerfile/rule/... is a page about Dockerfiles */
        if (in_list(secret_names, comp, cl) &&
            (i == n || comp[0] == '.' || in_list(secret_folders, comp, cl))) {
            *why = "credentials, configuration or metadata file";
            return true;
        }
        if (i != n) /* only the last component names the file */
            continue;
        /* a hidden file whose name says what it holds: servers are set to refuse them
         * (Apache's .ht*, nginx's location ~ /\.). Hidden folders are left to the names
         * above: platforms route through some (/.well-known/ by RFC 8615, Azure's
         * /.auth/, Netlify's /.netlify/) */
        if (field == FK_WS_PATH && cl > 1 && comp[0] == '.' && comp[1] != '.' &&
            dotfile_says_secret(comp + 1, cl - 1)) {
            *why = "hidden file (dotfile)";
            return true;
        }
        /* the lists below are all of extensions, but for name.ext~ */
        const char *dot = memrchr(comp, '.', cl);
        if (!dot || dot == comp)
            continue;
        if (comp[cl - 1] == '~') {
            *why = "backup copy of a file";
            return true;
        }
        /* an archive of such a file is the file: backup.sql.gz, site.conf.zip */
        static const char *const archives[] = {".gz", ".zip", ".tgz", ".bz2", ".xz",
                                               ".7z", ".rar", ".tar", ".zst", NULL};
        bool archived = false;
        for (bool again = true; again;) {
            again = false;
            size_t el = cl - (size_t)(dot - comp);
            const char *inner = memrchr(comp, '.', (size_t)(dot - comp));
            for (size_t k = 0; inner && inner > comp && archives[k]; k++)
                if (strlen(archives[k]) == el && !memcmp(dot, archives[k], el)) {
                    cl = (size_t)(dot - comp);
                    dot = inner;
                    again = archived = true;
                    break;
                }
        }
        size_t el = cl - (size_t)(dot - comp);
        /* a Debian source package's upstream tarball, NAME_VERSION.orig.tar.xz (dpkg-source),
         * is a release download: ".orig" there follows a version, not a file's name */
        const char *us = memrchr(comp, '_', (size_t)(dot - comp));
        if (archived && el == 5 && !memcmp(dot, ".orig", 5) && us && us + 1 < dot &&
            isdigit((unsigned char)us[1]))
            continue;
        for (size_t k = 0; backup_suffixes[k]; k++)
            if (strlen(backup_suffixes[k]) == el && !memcmp(dot, backup_suffixes[k], el)) {
                *why = "backup copy of a file";
                return true;
            }
        for (size_t k = 0; never_served[k]; k++)
            if (strlen(never_served[k]) == el && !memcmp(dot, never_served[k], el)) {
                *why = fk_webstruct_kind_why;
                return true;
            }
    }
    return false;
}

/* ==== sessions ========================================================================
 * A cookie written by the request itself: script assigning document.cookie, or markup
 * that sets one (<meta http-equiv="set-cookie">). Whoever wrote it chooses the victim's
 * session (fixation) or plants a value the application trusts. */
static bool cookie_set(const char *v, size_t n, const char **why)
{
    for (const char *p = v; (p = memmem(p, (size_t)(v + n - p), "cookie", 6)); p += 6) {
        const char *q = v + skip_blanks(v, (size_t)(p + 6 - v), n);
        const char *b = p;
        while (b > v && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        bool member = b > v && b[-1] == '.';
        if (member && q + 1 < v + n && *q == '=' && q[1] != '=') {
            *why = "a cookie assigned by script";
            return true;
        }
        /* a cookie written with its attributes (RFC 6265: "; expires=", "; domain=",
         * "; path=", "; max-age="), as a script assigning one spells it */
        static const char *const attrs[] = {"expires", "domain", "path", "max-age", NULL};
        for (const char *a = q; member && a < v + n && a < q + 120; a++) {
            if (*a != ';')
                continue;
            const char *t = v + skip_blanks(v, (size_t)(a + 1 - v), n);
            for (size_t k = 0; attrs[k]; k++) {
                size_t l = strlen(attrs[k]);
                if ((size_t)(v + n - t) <= l || memcmp(t, attrs[k], l) != 0)
                    continue;
                const char *e = v + skip_blanks(v, (size_t)(t + l - v), n);
                if (e < v + n && *e == '=') {
                    *why = "a cookie written with its attributes";
                    return true;
                }
            }
        }
        /* http-equiv="set-cookie" or http-equiv=set-cookie */
        if (p - v >= 4 && !memcmp(p - 4, "set-", 4) && memmem(v, n, "http-equiv", 10)) {
            *why = "markup that sets a cookie";
            return true;
        }
    }
    return false;
}

/* ==== LDAP and XML ====================================================================
 * An LDAP search filter (RFC 4515) built from a value is injected by closing the filter
 * the application opened and starting another: ")(attr=", "*)(|(attr=*", or an
 * operator group "(|(" "(&(" around an assertion. Prose closes and opens brackets
 * ("(see)(2)") but does not follow them with an attribute and a comparison. */
static bool ldap_filter(const char *v, size_t n, const char **why)
{
    for (size_t i = 0; i + 2 < n; i++) {
        bool closed = v[i] == ')' && v[i + 1] == '(';
        bool group = v[i] == '(' && (v[i + 1] == '|' || v[i + 1] == '&' || v[i + 1] == '!') &&
                     v[i + 2] == '(';
        if (!closed && !group)
            continue;
        size_t j = i + (closed ? 2 : 3);
        /* the absolute true and false filters (RFC 4526), "admin)(&)" */
        /* ... also left for the application's own ')' to close: "*)(&" ends the value */
        if (closed && j < n && (v[j] == '&' || v[j] == '|') && (j + 1 == n || v[j + 1] == ')')) {
            *why = "LDAP filter closed and an absolute filter opened";
            return true;
        }
        while (j < n && (v[j] == '|' || v[j] == '&' || v[j] == '!' || v[j] == '('))
            j++;
        size_t a = j;
        while (j < n && (isalnum((unsigned char)v[j]) || v[j] == '-' || v[j] == ';' || v[j] == '.'))
            j++;
        if (j == a || !isalpha((unsigned char)v[a]) || j >= n)
            continue;
        bool cmp = v[j] == '=' || (j + 1 < n && v[j + 1] == '=' && strchr("<>~:", v[j]) && v[j]);
        if (cmp) {
            *why = closed ? "LDAP filter closed and another opened" : "LDAP filter operator group";
            return true;
        }
    }
    return false;
}

/* An XML document in a value that declares an external entity (SYSTEM or PUBLIC, or a
 * parameter entity) or pulls in another document (XInclude): the parser reads the file
 * or URL it names into the answer. Also a document type whose external subset is named
 * by SYSTEM alone (<!DOCTYPE r SYSTEM "http://...">): the parser fetches it, and an
 * attacker's DTD declares the entities; the public DTDs documents cite (XHTML, SVG,
 * Apple's property lists) are named by a PUBLIC identifier first. And an entity whose
 * text refers to other entities three times or more: each level multiplies what the
 * parser builds (the "billion laughs"); a document's own abbreviations are plain text. */
static bool xml_external(const char *v, size_t n, const char **why)
{
    for (const char *ent = v; (ent = memmem(ent, (size_t)(v + n - ent), "<!entity", 8)); ent++) {
        size_t rest = (size_t)(v + n - ent);
        const char *gt = memchr(ent, '>', rest);
        size_t span = gt ? (size_t)(gt - ent) : rest;
        if (memmem(ent, span, "system", 6) || memmem(ent, span, "public", 6) ||
            memmem(ent, span, " %", 2)) {
            *why = "XML external entity declared";
            return true;
        }
        size_t refs = 0;
        for (size_t i = 0; i + 2 < span; i++)
            if (ent[i] == '&' && (isalpha((unsigned char)ent[i + 1]) || ent[i + 1] == '_')) {
                size_t j = i + 1;
                while (j < span && (isalnum((unsigned char)ent[j]) || strchr("_-.", ent[j])) &&
                       ent[j])
                    j++;
                refs += j < span && ent[j] == ';';
            }
        if (refs >= 3) {
            *why = "XML entity expansion (entities nested in an entity)";
            return true;
        }
        if (!gt)
            break;
        ent = gt; /* declarations do not nest: the next one starts after this one's end */
    }
    const char *dt = memmem(v, n, "<!doctype", 9);
    if (dt) {
        size_t i = (size_t)(dt - v) + 9;
        while (i < n && v[i] == ' ')
            i++;
        while (i < n && (isalnum((unsigned char)v[i]) || strchr(":_-.", v[i])) && v[i])
            i++;
        while (i < n && v[i] == ' ')
            i++;
        if (n - i >= 7 && !memcmp(v + i, "system", 6) &&
            (v[i + 6] == ' ' || v[i + 6] == '"' || v[i + 6] == '\'')) {
            *why = "XML document type loaded from outside (SYSTEM)";
            return true;
        }
    }
    if (memmem(v, n, "xi:include", 10) && memmem(v, n, "href", 4)) {
        *why = "XInclude of another document";
        return true;
    }
    return false;
}

/* ==== the table ====================================================================== */

typedef enum {
    R_SQL,
    R_XSS,
    R_SHELL,
    R_PHP,
    R_JSJAVA,
    R_SCRIPT,
    R_SERIAL,
    R_SSRF,
    R_RFI,
    R_FILE,
    R_SESSION,
    R_LDAP,
    R_XXE
} reader_id;

static const struct {
    reader_id id;
    const char *rule, *family, *title;
    fk_severity severity;
} readers[] = {
    {R_SQL, "struct-sqli", "sqli", "SQL injection (SQL syntax in a parameter)", FK_SEV_HIGH},
    {R_XSS, "struct-xss", "xss", "Cross-site scripting (markup or script in a value)", FK_SEV_HIGH},
    {R_SHELL, "struct-rce", "rce", "OS command injection (shell command in a value)", FK_SEV_HIGH},
    {R_PHP, "struct-php", "code", "Code injection (PHP code in a value)", FK_SEV_HIGH},
    {R_JSJAVA, "struct-code", "code", "Code injection (JavaScript or Java code in a value)",
     FK_SEV_HIGH},
    {R_SCRIPT, "struct-script", "code",
     "Code injection (Python, Ruby, Perl, Node or template code in a value)", FK_SEV_HIGH},
    {R_SERIAL, "struct-serial", "code",
     "Code injection (a serialized object, or a type a deserializer builds, in a value)",
     FK_SEV_HIGH},
    {R_SSRF, "struct-ssrf", "ssrf", "Server-side request forgery (URL to an internal host)",
     FK_SEV_HIGH},
    {R_RFI, "struct-rfi", "rfi", "Remote file inclusion (a remote script as a parameter)",
     FK_SEV_HIGH},
    {R_FILE, "struct-file", "lfi", "File disclosure (a system, secret or backup file named)",
     FK_SEV_MEDIUM},
    {R_SESSION, "struct-session", "session", "Session fixation (a cookie set from a request)",
     FK_SEV_MEDIUM},
    {R_LDAP, "struct-ldap", "ldap", "LDAP injection (a search filter closed and another opened)",
     FK_SEV_HIGH},
    {R_XXE, "struct-xxe", "xxe", "XML external entity (a document that loads a file or URL)",
     FK_SEV_HIGH},
};

/* SQL in a path is read segment by segment: a REST route carries its values as segments
 * (/users/1'%20or%20'1'='1/orders), and a segment is what the application hands its
 * query, not the slashes around it. A slash beside a '*' is a comment's, not a
 * separator (1/x/union/x/select, x standing for '*'). Slugs join words with hyphens
 * (how-to-select-a-laptop): a segment is read only when it holds what SQL needs
 * between its words or around its strings (a space, a quote, a bracket, a comment, a
 * statement's end). */
static bool sqli_field(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field field,
                       const char **why)
{
    if (field != FK_WS_PATH)
        return fk_webstruct_sqli(w, v, n, field, why);
    size_t from = 0;
    bool sql_chars = false;
    for (size_t i = 0; i <= n; i++) {
        bool comment_slash =
            i < n && v[i] == '/' && ((i > 0 && v[i - 1] == '*') || (i + 1 < n && v[i + 1] == '*'));
        if (i < n && (v[i] != '/' || comment_slash)) {
            sql_chars = sql_chars || memchr(" \t'\"`()#;*", v[i], 11) != NULL ||
                        (v[i] == '-' && i + 1 < n && v[i + 1] == '-');
            continue;
        }
        if (sql_chars && i - from >= 2 && fk_webstruct_sqli(w, v + from, i - from, field, why))
            return true;
        from = i + 1;
        sql_chars = false;
    }
    return false;
}

const char *fk_webstruct_family_at(size_t i)
{
    return i < sizeof readers / sizeof readers[0] ? readers[i].family : NULL;
}

/* Code a person quotes in free text between code block markers (code_block_marker): a
 * forum post's or an issue comment's example, which the application stores and renders
 * as code. The next marker at or after from (n when none), its length in *len. */
static size_t next_code_marker(const char *v, size_t from, size_t n, size_t *len)
{
    for (size_t i = from; i < n; i++)
        if ((*len = code_block_marker(v, i, n)))
            return i;
    *len = 0;
    return n;
}

typedef bool (*code_reader)(const fk_webstruct *w, const char *v, size_t n,
                            fk_webstruct_field field, const char **why);

static bool read_js_java(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field f,
                         const char **why)
{
    (void)w;
    return js_java_code(v, n, f, why);
}

static bool read_script(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field f,
                        const char **why)
{
    (void)w;
    return fk_webcode_read(v, n, f, why);
}

static bool read_serial(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field f,
                        const char **why)
{
    (void)w, (void)f;
    return fk_webserial_read(v, n, why);
}

/* A code reader on v, or in free text (fenced) on each stretch outside the fences. */
static bool read_code(code_reader read, const fk_webstruct *w, const char *v, size_t n,
                      fk_webstruct_field f, bool fenced, const char **why)
{
    if (!fenced)
        return read(w, v, n, f, why);
    for (size_t at = 0; at < n;) {
        size_t olen, clen;
        size_t open = next_code_marker(v, at, n, &olen);
        if (open > at && read(w, v + at, open - at, f, why))
            return true;
        if (open >= n)
            return false;
        size_t close = next_code_marker(v, open + olen, n, &clen);
        if (close >= n) /* an open block: the rest is read */
            return read(w, v + open, n - open, f, why);
        at = close + clen;
    }
    return false;
}

int fk_webstruct_scan(const fk_webstruct *w, const char *v, size_t n, fk_webstruct_field field,
                      fk_webstruct_fn fn, void *ctx)
{
    /* Most values of everyday traffic are words, numbers and slugs: letters, digits and
     * . _ - only. No language above can be written with those alone, except a dotfile
     * named in a parameter (.env) and __proto__, so such a value skips the readers (the
     * readers halved a scan's speed on everyday traffic before this). */
    bool plain = true, dotted = false;
    for (size_t i = 0; i < n && plain; i++) {
        unsigned char c = (unsigned char)v[i];
        if (!(isalnum(c) || c == '.' || c == '_' || c == '-'))
            plain = false;
        else if (c == '.' || c == '_')
            dotted = true;
    }
    /* names with dots or underscores can still be code (java.lang.runtime,
     * child_process, constructor.prototype, __proto__) or a file (.env, db.sql.bak) */
    /* ... and a serialized stream in base64 or hex, letters and digits alone */
    if (plain && !dotted && !fk_webserial_plain_stream(v, n) && !has_prefix(v, n, "yv66vg") &&
        !has_prefix(v, n, "cafebabe0000"))
        return 0;
    int hits = 0;
    /* free text differs from other parameters for the SQL, shell and file readers, and
     * for the markup reader in the elements a sentence names (element_named_in_text) */
    fk_webstruct_field as = field == FK_WS_TEXT ? FK_WS_PARAM : field;
    size_t marker_len;
    bool fenced = field == FK_WS_TEXT && next_code_marker(v, 0, n, &marker_len) < n;
    /* code in free text is words about code without a break (FK_WS_BREAK_CODE) */
    bool code = field != FK_WS_TEXT || (fk_webstruct_text_breaks(v, n) & FK_WS_BREAK_CODE);
    for (size_t r = 0; r < sizeof readers / sizeof readers[0]; r++) {
        const char *why = NULL;
        bool found = false;
        if (field == FK_WS_DOCUMENT && readers[r].id != R_XXE)
            continue;
        if (plain && readers[r].id != R_JSJAVA && readers[r].id != R_SCRIPT &&
            readers[r].id != R_SERIAL && readers[r].id != R_FILE && readers[r].id != R_PHP)
            continue;
        switch (readers[r].id) {
        case R_SQL: found = sqli_field(w, v, n, field, &why); break;
        case R_XSS: found = fk_webstruct_xss(v, n, field, &why); break;
        case R_SHELL: found = fk_webstruct_shell(w, v, n, field, &why); break;
        case R_PHP: found = code && read_code(php_code, w, v, n, as, fenced, &why); break;
        case R_JSJAVA: found = code && read_code(read_js_java, w, v, n, as, fenced, &why); break;
        case R_SCRIPT: found = code && read_code(read_script, w, v, n, as, fenced, &why); break;
        case R_SERIAL: found = code && read_code(read_serial, w, v, n, as, fenced, &why); break;
        case R_SSRF: found = ssrf(v, n, as, &why); break;
        case R_RFI: found = rfi(v, n, as, &why); break;
        case R_FILE:
            found = (field != FK_WS_TEXT || fk_webstruct_text_breaks(v, n) & FK_WS_BREAK_PATH) &&
                    named_file(v, n, as, &why);
            break;
        case R_SESSION: found = as != FK_WS_PATH && cookie_set(v, n, &why); break;
        case R_LDAP: found = as != FK_WS_PATH && ldap_filter(v, n, &why); break;
        case R_XXE: found = xml_external(v, n, &why); break;
        }
        if (!found)
            continue;
        fk_webstruct_hit h = {readers[r].rule, readers[r].family, readers[r].title,
                              readers[r].severity, why};
        if (readers[r].id == R_FILE && field == FK_WS_PATH &&
            why != dot_segments_why) { /* asked for directly */
            h.id = "struct-sensitive-file";
            h.family = "sensitive";
            h.title = "Sensitive file requested (a system, secret or backup file)";
        }
        hits++;
        if (fn(ctx, &h) != 0)
            return -1;
    }
    return hits;
}

/* Parameters whose name says they carry what a person typed: a search (the names of
 * site search forms and of search engines' result pages: q, s, query, wd, ...), a
 * message or a post (comment, subject, content, Discourse's raw Markdown, a contact
 * form's inquiry, ...). Short generic names other applications use for ids or pages
 * (p, k, t) are left out. */
static const char *const free_text_params[] = {
    "q",        "s",           "query",    "search",  "searchterm", "search_term", "search_query",
    "keyword",  "keywords",    "kw",       "term",    "terms",      "wd",          "word",
    "text",     "comment",     "comments", "message", "msg",        "subject",     "body",
    "feedback", "description", "note",     "notes",   "title",      "bio",         "summary",
    "review",   "reply",       "caption",  "content", "raw",        "inquiry",     "enquiry",
    "question", "answer",      "details",  "detail",  "remarks",    "reason",      "explanation",
    NULL};

/* Where a template engine or an expression language starts evaluating: the delimiters
 * of JSP and EL, OGNL, Spring and Thymeleaf, Jinja and Twig, ERB and ASP, PHP, FreeMarker;
 * and a shell function's definition (Shellshock). */
static bool evaluated_code(const char *v, size_t n)
{
    static const char *const opens[] = {"${", "#{", "%{", "*{", "@{", "{{", "{%", "<%", "<?", "<#",
                                        "() {", "(){",
                                        /* server-side and edge-side includes */
                                        "<!--#", "<esi:", NULL};
    for (size_t k = 0; opens[k]; k++)
        if (memmem(v, n, opens[k], strlen(opens[k])))
            return true;
    return false;
}

unsigned fk_webstruct_text_breaks(const char *v, size_t n)
{
    unsigned b = 0;
    if (quote_head(v, n))
        b |= FK_WS_BREAK_QUOTE;
    if (statement_end(v, n) || ends_in_a_comment(v, n))
        b |= FK_WS_BREAK_STATEMENT;
    if (shell_head(v, n))
        b |= FK_WS_BREAK_SHELL;
    if (names_a_path(v, n))
        b |= FK_WS_BREAK_PATH;
    if ((b & FK_WS_BREAK_QUOTE) || evaluated_code(v, n))
        b |= FK_WS_BREAK_CODE;
    return b;
}

/* English words that carry a sentence and are no keyword of SQL or of a shell (the,
 * of, you; not and, or, if, in, from, where, do), so a payload built of keywords has
 * none of them. */
static const char *const function_words[] = {
    "the",     "a",     "an",    "of",     "to",      "you",   "it",     "that",   "this",
    "with",    "was",   "are",   "be",     "have",    "has",   "we",     "i",      "my",
    "your",    "our",   "they",  "but",    "so",      "at",    "there",  "what",   "which",
    "can",     "could", "would", "should", "will",    "just",  "also",   "about",  "me",
    "it's",    "i'm",   "don't", "didn't", "doesn't", "can't", "please", "thanks", "been",
    "were",    "their", "them",  "than",   "some",    "other", "after",  "before", "still",
    "because", "how",   "why",   "when",   "who",     "its",   "very",   NULL};

/* A word as prose has it: an opening parenthesis or quote stripped, closing punctuation
 * stripped (*ends when it closes a sentence: "done." "why?"). */
static size_t bare_word(const char *w, size_t n, const char **start, bool *ends)
{
    size_t a = 0, b = n;
    *ends = false;
    while (a < b && w[a] && strchr("(\"`", w[a]))
        a++;
    while (b > a && w[b - 1] && strchr(".,;:!?)\"`", w[b - 1])) {
        if (strchr(".!?", w[b - 1]))
            *ends = true;
        b--;
    }
    *start = w + a;
    return b - a;
}

/* The statements an application writes, by their first words. */
static const char *const statement_heads[] = {"select ",      "insert into ", "update ",
                                              "delete from ", "with ",        "replace into ",
                                              "merge into ",  "call ",        NULL};

/* A bind placeholder at v[i], after an operator, a parenthesis, a comma or a blank:
 * ?, $1, %s, %(name)s, :name, @name. */
static bool placeholder_at(const char *v, size_t i, size_t n)
{
    if (i == 0 || !strchr(" (,=<>", v[i - 1]) || !v[i - 1])
        return false;
    char c = v[i], d = i + 1 < n ? v[i + 1] : '\0';
    if (c == '?')
        return !d || strchr(" ),;", d);
    if (c == '$')
        return isdigit((unsigned char)d);
    if (c == '%')
        return d == 's' || d == 'd' || d == '(';
    if (c == ':' || c == '@')
        return isalpha((unsigned char)d) || d == '_';
    return false;
}

bool fk_webstruct_application_sql(const char *v, size_t n)
{
    size_t start = 0;
    while (start < n && v[start] == ' ')
        start++;
    bool head = false;
    for (size_t h = 0; statement_heads[h] && !head; h++)
        head = has_prefix(v + start, n - start, statement_heads[h]);
    if (!head)
        return false;
    /* its strings closed: a quote left over breaks out of the literal it is put in */
    size_t sq = 0, dq = 0;
    for (size_t i = start; i < n; i++) {
        sq += v[i] == '\'';
        dq += v[i] == '"';
    }
    if (sq % 2 || dq % 2)
        return false;
    bool bound = false;
    for (size_t i = start; i < n; i++) {
        /* a comment ends an injection's text; a statement stacked after a ';' is one */
        if ((v[i] == '-' && i + 1 < n && v[i + 1] == '-') || v[i] == '#' ||
            (v[i] == '/' && i + 1 < n && v[i + 1] == '*'))
            return false;
        if (v[i] == ';') {
            size_t k = i + 1;
            while (k < n && (v[k] == ' ' || v[k] == '"' || v[k] == '\''))
                k++;
            if (k < n && isalpha((unsigned char)v[k]))
                return false;
        }
        bound = bound || placeholder_at(v, i, n);
    }
    return bound;
}

bool fk_webstruct_reads_as_prose(const char *v, size_t n)
{
    /* most values have neither eight words nor a run of another script */
    size_t blanks = 0, high = 0;
    for (size_t i = 0; i < n && blanks < 7 && high < 60; i++) {
        blanks += v[i] == ' ' || v[i] == '\n' || v[i] == '\t';
        high += (unsigned char)v[i] >= 0x80;
    }
    if (blanks < 7 && high < 60)
        return false;
    size_t words = 0, wide = 0;
    uint64_t seen = 0; /* which function words, by their place in the list */
    bool sentence = false;
    for (size_t i = 0; i < n;) {
        while (i < n && isspace((unsigned char)v[i]))
            i++;
        size_t st = i;
        while (i < n && !isspace((unsigned char)v[i]))
            i++;
        if (i == st)
            break;
        words++;
        const char *w;
        bool ends;
        size_t l = bare_word(v + st, i - st, &w, &ends);
        sentence = sentence || (ends && l > 1);
        for (size_t k = 0; function_words[k] && l; k++)
            if (strlen(function_words[k]) == l && !memcmp(w, function_words[k], l))
                seen |= (uint64_t)1 << (k % 64);
        for (size_t k = st; k < i; k++)
            wide += (unsigned char)v[k] >= 0x80;
    }
    /* Why this much: payloads sprayed into parameters are built of keywords, operators,
     * numbers and names, and a statement cannot end on a bare '.', '?' or '!'. Text in
     * a script without blanks between words (Japanese) is prose by its letters. */
    int distinct = __builtin_popcountll(seen);
    return (words >= 8 && distinct >= 3 && sentence) || (wide >= 60 && wide * 2 >= n);
}

/* The elements an editor opens a document or a paragraph with (TinyMCE, CKEditor,
 * Quill, WordPress' blocks, Outlook's and Gmail's composers). Not script, frame or
 * image elements: a value that opens with one of those is what an injection looks like. */
static const char *const editor_blocks[] = {
    "p",     "div",        "span", "h1",     "h2",     "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "table", "blockquote", "pre",  "figure", "strong", "em", "b",  "i",  "u",  "br", NULL};

/* A wiki page's source (MediaWiki's edit form): it opens with a heading line (== Name ==),
 * a table ({| ... |}) or a link ([[Page]]), and is more than one line. Not a template
 * ({{...}}), which is how template injections open, nor bold (three apostrophes), which
 * is SQL's quote tripled. */
static bool wikitext(const char *v, size_t n)
{
    const char *nl = memchr(v, '\n', n);
    if (!nl)
        return false;
    size_t first = (size_t)(nl - v);
    while (first > 0 && (v[first - 1] == ' ' || v[first - 1] == '\r'))
        first--;
    if (has_prefix(v, n, "=="))
        return first > 4 && v[first - 1] == '=' && v[first - 2] == '=';
    if (has_prefix(v, n, "{|"))
        return memmem(v, n, "\n|}", 3) != NULL;
    if (has_prefix(v, n, "[["))
        return memmem(v, first, "]]", 2) != NULL;
    return false;
}

bool fk_webstruct_editor_markup(const char *v, size_t n)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)v[i]))
        i++;
    if (i < n && (v[i] == '=' || v[i] == '{' || v[i] == '['))
        return wikitext(v + i, n - i);
    if (i + 4 >= n || v[i] != '<')
        return false;
    if (has_prefix(v + i, n - i, "<!-- wp:")) /* a WordPress block */
        return memmem(v + i, n - i, "<!-- /wp:", 9) != NULL;
    size_t st = ++i;
    while (i < n && isalnum((unsigned char)v[i]))
        i++;
    if (i == st || i >= n || !(v[i] == '>' || v[i] == ' ' || v[i] == '/') ||
        !in_list(editor_blocks, v + st, i - st))
        return false;
    return memmem(v + i, n - i, "</", 2) != NULL;
}

bool fk_webstruct_shows_code(const char *v, size_t n)
{
    return (memmem(v, n, "<pre", 4) || memmem(v, n, "<code", 5)) &&
           fk_webstruct_editor_markup(v, n);
}

/* The element named at v[i] ('<' then the name), when it is <pre> or <code>: the name's
 * length, else 0. A name ends where a tag's name ends (a blank, '>', '/'), so <presence>
 * and <codex> are other elements. */
static size_t code_element_at(const char *v, size_t i, size_t n)
{
    static const char *const names[] = {"pre", "code"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t l = strlen(names[k]);
        if (i + 1 + l < n && !strncasecmp(v + i + 1, names[k], l) &&
            strchr(" \t\n/>", v[i + 1 + l]))
            return l;
    }
    return 0;
}

size_t fk_webstruct_shown_code_span(const char *v, size_t n, size_t from, size_t *end)
{
    for (size_t i = from; i < n; i++) {
        size_t l = v[i] == '<' ? code_element_at(v, i, n) : 0;
        if (!l)
            continue;
        const char *gt = memchr(v + i, '>', n - i);
        if (!gt)
            break;
        size_t start = (size_t)(gt - v) + 1;
        /* up to the element's own end tag: a <code> inside a <pre> is part of it */
        size_t k = start;
        while (k + 2 + l < n &&
               !(v[k] == '<' && v[k + 1] == '/' && !strncasecmp(v + k + 2, v + i + 1, l) &&
                 (v[k + 2 + l] == '>' || v[k + 2 + l] == ' ')))
            k++;
        *end = k + 2 + l < n ? k : n;
        return start;
    }
    *end = n;
    return n;
}

bool fk_webstruct_within_shown_code(const char *v, size_t n, size_t at)
{
    size_t end = 0;
    for (size_t start = fk_webstruct_shown_code_span(v, n, 0, &end); start < n && start <= at;
         start = fk_webstruct_shown_code_span(v, n, end, &end))
        if (at < end)
            return true;
    return false;
}

bool fk_webstruct_opens_as_expression(const char *v, size_t n)
{
    /* a language's expression closes the strings it opens: "something like '" probes
     * for an error instead */
    size_t sq = 0, dq = 0;
    for (size_t k = 0; k < n; k++) {
        sq += v[k] == '\'';
        dq += v[k] == '"';
    }
    if (sq % 2 || dq % 2)
        return false;
    /* and the groups it opens: a search's (title="a" or abstract="a") and date>=2020 */
    size_t i = 0, open = 0;
    while (i < n && (v[i] == ' ' || v[i] == '(')) {
        open += v[i] == '(';
        i++;
    }
    if (open) {
        long depth = 0;
        for (size_t k = 0; k < n && depth >= 0; k++)
            depth += (v[k] == '(') - (v[k] == ')');
        if (depth != 0)
            return false;
    }
    if (i >= n || !(isalpha((unsigned char)v[i]) || v[i] == '_' || v[i] == '$'))
        return false;
    while (i < n && (isalnum((unsigned char)v[i]) || (v[i] && strchr("_.$", v[i]))))
        i++;
    bool blank = i < n && v[i] == ' ';
    while (i < n && v[i] == ' ')
        i++;
    if (i >= n)
        return false;
    if (v[i] && strchr("=<>~!", v[i]))
        return i + 1 < n && (v[i] != '!' || v[i + 1] == '=');
    static const char *const words[] = {"eq ",   "ne ", "gt ", "lt ", "ge ", "le ",
                                        "like ", "in ", "in(", "is ", NULL};
    for (size_t k = 0; blank && words[k]; k++)
        if (has_prefix(v + i, n - i, words[k]))
            return true;
    return false;
}

/* Whether a free-text word can end a compound written together (a lower-cased
 * camelCase: searchtext, usercomment, messagebody): in a compound the last word says
 * what the value is (a searchId is an id). A word of four letters or more, whole (not
 * itself a compound with a separator), and not one that ends common words by chance:
 * "word" ends password, "reason" treason, "detail" and "details" the names of a
 * product's or an order's records (productdetails). */
static bool free_text_head(const char *w)
{
    static const char *const by_chance[] = {"word", "reason", "detail", "details", NULL};
    return strlen(w) >= 4 && !strpbrk(w, "_-.[") && !in_list(by_chance, w, strlen(w));
}

/* Whether a name is a compound whose last word is a free-text word: after a separator
 * (search_text, filter[title], issue.notes; any word of free_text_params) or, written
 * together, a free_text_head after at least four letters, so that con-text and
 * sub-title stay what they are. */
static bool free_text_compound(const char *name, size_t nl)
{
    while (nl > 0 && name[nl - 1] == ']')
        nl--;
    size_t k = nl;
    while (k > 0 && !strchr("_-.[", name[k - 1]))
        k--;
    if (k > 0)
        return in_list(free_text_params, name + k, nl - k);
    for (size_t h = 0; free_text_params[h]; h++) {
        size_t l = strlen(free_text_params[h]);
        if (nl >= l + 4 && !memcmp(name + nl - l, free_text_params[h], l) &&
            free_text_head(free_text_params[h]))
            return true;
    }
    return false;
}

fk_webstruct_field fk_webstruct_param_field(const char *name, size_t nl)
{
    /* and an uploaded file's text, which webbody names */
    bool file_text = nl == strlen(FK_WEBBODY_FILE_TEXT) && !memcmp(name, FK_WEBBODY_FILE_TEXT, nl);
    return file_text || in_list(free_text_params, name, nl) || free_text_compound(name, nl)
               ? FK_WS_TEXT
               : FK_WS_PARAM;
}

/* Where the browser goes next: OAuth's redirect_uri and post_logout_redirect_uri,
 * OAuth 1.0's oauth_callback (RFC 5849), return_to, returnUrl, next, continue, SAML's
 * RelayState, goto, dest. A developer's sign-in, and a native application's by RFC 8252,
 * returns to http://127.0.0.1:PORT/callback; the authorisation server only compares that
 * address, the browser opens it. */
static const char *const navigation_params[] = {
    "next",    "continue", "relaystate",  "goto",       "dest",    "destination",
    "backurl", "back_url", "success_url", "cancel_url", "service", NULL};

bool fk_webstruct_navigation_param(const char *name, size_t nl)
{
    return in_list(navigation_params, name, nl) || memmem(name, nl, "redirect", 8) ||
           memmem(name, nl, "return", 6) || memmem(name, nl, "callback", 8);
}

/* Parameters whose name says they choose a file, page or template for the application
 * to load (the names include() and its kin are fed by in PHP applications): a remote
 * URL as their value asks the server to load code from elsewhere. url, next and
 * redirect are left out: their URLs are where the browser goes next. */
static const char *const include_params[] = {
    "file",     "filename", "page", "include", "inc",    "path",   "template", "tpl",  "doc",
    "document", "folder",   "dir",  "root",    "pg",     "module", "mod",      "load", "lang",
    "language", "style",    "conf", "config",  "layout", "view",   NULL};

/* The session cookies of common servers and frameworks, by their documented default
 * names (PHP, Java servlets, ASP and ASP.NET, ColdFusion, Express, Laravel, CodeIgniter,
 * Rails and Rack, Play, Django, Flask); a prefix ends in '*'. */
static const char *const session_cookies[] = {
    "phpsessid",       "jsessionid", "jsessionidsso", "asp.net_sessionid",
    "aspsessionid*",   "cfid",       "cftoken",       "connect.sid",
    "laravel_session", "ci_session", "_session_id",   "rack.session",
    "play_session",    NULL};
/* Names many applications also use for other ids (a survey's session_id=12): a session
 * id only with a value as long and random-looking as one. Not "sid": the servers that
 * put a sid in their URLs issue it there themselves (phpBB's links without cookies,
 * Engine.IO's polling transport under socket.io), so one in a link proves no fixation. */
static const char *const session_generic[] = {"sessionid", "session_id", "sessid", NULL};

static bool session_cookie_name(const char *name, size_t nl, const char *v, size_t n)
{
    if (in_list(session_generic, name, nl)) {
        size_t token = 0;
        while (token < n && (isalnum((unsigned char)v[token]) || v[token] == '-' ||
                             v[token] == '_' || v[token] == ','))
            token++;
        return n >= 16 && token == n;
    }
    for (size_t k = 0; session_cookies[k]; k++) {
        size_t l = strlen(session_cookies[k]);
        if (session_cookies[k][l - 1] == '*'
                ? nl >= l - 1 && !memcmp(name, session_cookies[k], l - 1)
                : nl == l && !memcmp(name, session_cookies[k], l))
            return true;
    }
    return false;
}

int fk_webstruct_scan_pair(const fk_webstruct *w, const char *name, size_t nl, const char *v,
                           size_t n, unsigned where, fk_webstruct_fn fn, void *ctx)
{
    (void)w;
    int hits = 0;
    static const char *const remote[] = {"http://", "https://", "ftp://", "ftps://", NULL};
    bool url = false;
    for (size_t k = 0; remote[k] && !url; k++)
        url = has_prefix(v, n, remote[k]) && n > strlen(remote[k]) + 3;
    if (url && in_list(include_params, name, nl)) {
        fk_webstruct_hit h = {"struct-rfi", "rfi",
                              "Remote file inclusion (a remote script as a parameter)", FK_SEV_HIGH,
                              "remote URL in a parameter that names a file to load"};
        if (fn(ctx, &h) != 0)
            return -1;
        hits++;
    }
    /* a session id handed over in a link: whoever sent the link chose the session the
     * victim will log in to (fixation); servers that accept ids from the URL adopt it.
     * Not in a Referer's query, which is the site's own earlier page; and a name many
     * applications use for ids of their own not in a call to an API, which no link
     * opens (Jupyter's kernel channels carry the client's session_id). */
    bool own_query = where & FK_WS_PAIR_OWN_QUERY;
    bool api_generic = (where & FK_WS_PAIR_API_CALL) && in_list(session_generic, name, nl);
    if (own_query && !api_generic && n > 0 && session_cookie_name(name, nl, v, n)) {
        fk_webstruct_hit h = {"struct-session", "session",
                              "Session fixation (a session id given in the URL)", FK_SEV_MEDIUM,
                              "session cookie's name as a query parameter"};
        if (fn(ctx, &h) != 0)
            return -1;
        hits++;
    }
    return hits;
}

/* A generated word list (one word a line, '#' comments) into a set. */
static int word_list(fk_strmap *set, const char *p, size_t len)
{
    const char *end = p + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (l && p[0] != '#') {
            fk_strmap_slot *slot;
            if (fk_strmap_upsert(set, p, l, &slot) != 0)
                return -1;
            slot->value = (void *)1;
        }
        p += l + 1;
    }
    return 0;
}

int fk_webstruct_new(fk_webstruct **out, fk_err *err)
{
    fk_webstruct *w = calloc(1, sizeof *w);
    if (!w)
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    fk_strmap_init(&w->unix_cmds);
    fk_strmap_init(&w->sql_words);
    fk_strmap_init(&w->php_funcs);
    static const char *const sql_literals[] = {"true", "false", "null", "unknown", NULL};
    static const struct {
        const char *const *list;
        unsigned bit;
    } sql_lists[] = {
        {sql_stmt, SQL_STMT},           {sql_logic, SQL_LOGIC},
        {sql_cmpword, SQL_CMPWORD},     {sql_clause, SQL_CLAUSE},
        {sql_functions, SQL_FUNCTION},  {sql_probe_functions, SQL_PROBE},
        {sql_catalogue, SQL_CATALOGUE}, {sql_types, SQL_TYPE},
        {sql_literals, SQL_LITERAL},
    };
    for (size_t l = 0; l < sizeof sql_lists / sizeof sql_lists[0]; l++)
        for (size_t i = 0; sql_lists[l].list[i]; i++) {
            fk_strmap_slot *slot;
            if (fk_strmap_upsert(&w->sql_words, sql_lists[l].list[i], strlen(sql_lists[l].list[i]),
                                 &slot) != 0) {
                fk_webstruct_free(w);
                return fk_errc(err, FK_ERR_NOMEM, "out of memory");
            }
            slot->value = (void *)((uintptr_t)slot->value | sql_lists[l].bit);
        }
    if (word_list(&w->unix_cmds, fk_unix_commands_txt, fk_unix_commands_txt_len) != 0 ||
        word_list(&w->php_funcs, fk_php_functions_txt, fk_php_functions_txt_len) != 0) {
        fk_webstruct_free(w);
        return fk_errc(err, FK_ERR_NOMEM, "out of memory");
    }
    *out = w;
    return 0;
}

void fk_webstruct_free(fk_webstruct *w)
{
    if (!w)
        return;
    fk_strmap_free(&w->unix_cmds);
    fk_strmap_free(&w->sql_words);
    fk_strmap_free(&w->php_funcs);
    free(w);
}
