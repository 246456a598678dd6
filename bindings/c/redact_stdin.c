/* redact_stdin: redact standard input to standard output with phiredact, streaming.
 *
 *   redact_stdin [--policy FILE] [--name "First Last"]... < in.txt > out.txt
 *
 * Memory stays bounded whatever the input size: the stream buffers at most one segment
 * (a paragraph, at most 256 KiB). Bytes that are not UTF-8 are redacted as U+FFFD, never
 * copied through. Exit status: 0 on success, 1 on a phiredact error, 2 on a usage or I/O
 * error. Build lines: bindings/c/README.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phiredact.h"

#define MAX_NAMES 64

/* Reads a whole file into a NUL-terminated buffer (the policy document). */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    if (f == NULL) return NULL;
    do {
        if (cap - len < 4096) {
            char *grown = realloc(buf, cap + 65536);
            if (grown == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
            cap += 65536;
        }
        n = fread(buf + len, 1, cap - len - 1, f);
        len += n;
    } while (n > 0);
    if (ferror(f)) {
        free(buf);
        buf = NULL;
    } else {
        buf[len] = '\0';
    }
    fclose(f);
    return buf;
}

static int fail(const char *what, phiredact_status st) {
    /* The last error never contains input text, so it is safe to log. */
    fprintf(stderr, "redact_stdin: %s: %s (%s)\n", what, phiredact_last_error(),
            phiredact_status_name(st));
    return 1;
}

int main(int argc, char **argv) {
    const char *names[MAX_NAMES];
    size_t names_len = 0;
    char *policy = NULL;
    phiredact_redactor *r = NULL;
    phiredact_stream *s = NULL;
    phiredact_string out = {NULL, 0};
    phiredact_status st;
    static char chunk[64 * 1024];
    size_t n;
    int i, rc = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--policy") == 0 && i + 1 < argc && policy == NULL) {
            policy = read_file(argv[++i]);
            if (policy == NULL) {
                fprintf(stderr, "redact_stdin: cannot read policy file %s\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc && names_len < MAX_NAMES) {
            names[names_len++] = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--policy FILE] [--name NAME]... < in > out\n", argv[0]);
            free(policy);
            return 2;
        }
    }

    st = phiredact_redactor_new(policy, &r); /* NULL policy = defaults */
    free(policy);                            /* the redactor keeps its own copy */
    if (st != PHIREDACT_STATUS_OK) return fail("policy", st);
    st = phiredact_stream_new_with_names(r, names, names_len, &s);
    phiredact_redactor_free(r); /* the stream holds its own reference */
    if (st != PHIREDACT_STATUS_OK) return fail("stream", st);

    while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
        st = phiredact_stream_write(s, chunk, n, &out);
        if (st != PHIREDACT_STATUS_OK) {
            rc = fail("write", st);
            break;
        }
        if (out.len > 0 && fwrite(out.data, 1, out.len, stdout) != out.len) rc = 2;
        phiredact_string_free(&out);
        if (rc != 0) break;
    }
    if (rc == 0 && ferror(stdin)) {
        fprintf(stderr, "redact_stdin: read error\n");
        rc = 2;
    }
    if (rc == 0) {
        st = phiredact_stream_finish(s, &out);
        if (st != PHIREDACT_STATUS_OK) {
            rc = fail("finish", st);
        } else if (out.len > 0 && fwrite(out.data, 1, out.len, stdout) != out.len) {
            rc = 2;
        }
        phiredact_string_free(&out);
    }
    phiredact_stream_free(s);
    if (fflush(stdout) != 0) rc = 2;
    return rc;
}
