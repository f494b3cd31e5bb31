/* Build tool: turns a file into a C source defining `const char *const NAME` (the
 * bytes, NUL-ended) and `const size_t NAME_len`, so documents such as the OpenAPI description live
 * as files in the tree and inside the binary. Usage: embed INPUT OUTPUT NAME */
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: embed INPUT OUTPUT NAME\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "w");
    if (!in || !out) {
        perror(!in ? argv[1] : argv[2]);
        return 2;
    }
    fprintf(out,
            "/* generated from %s by tools/embed.c */\n#include <stddef.h>\nstatic const unsigned "
            "char data[] = {\n",
            argv[1]);
    int c;
    size_t n = 0;
    while ((c = fgetc(in)) != EOF) {
        fprintf(out, "%d,%s", c, ++n % 20 ? "" : "\n");
    }
    fprintf(out, "0};\nconst char *const %s = (const char *)data;\nconst size_t %s_len = %zu;\n",
            argv[3], argv[3], n);
    fclose(in);
    return fclose(out) == 0 ? 0 : 2;
}
