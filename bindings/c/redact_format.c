/* redact_format: redact a structured record (HL7 v2, FHIR JSON, CSV, JSON lines) from
 * standard input to standard output, field by field, with phiredact.
 *
 *   redact_format [--policy FILE] [--format auto|text|hl7|fhir|csv|jsonl] < in > out
 *
 * The whole input is read first (phiredact_redact_format is one-shot). `auto` (the
 * default) recognises HL7 and FHIR from the first bytes and otherwise redacts the input as
 * plain text, which scans everything. The field tables come from the policy's [formats]
 * section (see examples/formats/export.policy.toml). On malformed input nothing is
 * written to standard output. Exit status: 0 on success, 1 on a phiredact error (such as
 * PHIREDACT_STATUS_INVALID_FORMAT), 2 on a usage or I/O error. Build lines:
 * bindings/c/README.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phiredact.h"

/* Reads a stream to its end into a NUL-terminated buffer; NULL on error. */
static char *read_all(FILE *f, size_t *len_out) {
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    do {
        if (cap - len < 4096) {
            char *grown = realloc(buf, cap + 65536);
            if (grown == NULL) {
                free(buf);
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
        return NULL;
    }
    buf[len] = '\0';
    *len_out = len;
    return buf;
}

static int fail(const char *what, phiredact_status st) {
    /* The last error never contains input text, so it is safe to log. */
    fprintf(stderr, "redact_format: %s: %s (%s)\n", what, phiredact_last_error(),
            phiredact_status_name(st));
    return 1;
}

int main(int argc, char **argv) {
    const char *format_name = "auto";
    char *policy = NULL, *input;
    size_t policy_len, len;
    phiredact_redactor *r = NULL;
    phiredact_format format = PHIREDACT_FORMAT_TEXT;
    phiredact_string out = {NULL, 0};
    phiredact_status st;
    int i, rc = 0;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--policy") == 0 && i + 1 < argc && policy == NULL) {
            FILE *f = fopen(argv[++i], "rb");
            policy = f != NULL ? read_all(f, &policy_len) : NULL;
            if (f != NULL) fclose(f);
            if (policy == NULL) {
                fprintf(stderr, "redact_format: cannot read policy file %s\n", argv[i]);
                return 2;
            }
        } else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            format_name = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--policy FILE] [--format auto|text|hl7|fhir|csv|jsonl]"
                            " < in > out\n", argv[0]);
            free(policy);
            return 2;
        }
    }
    if (strcmp(format_name, "auto") != 0 &&
        (st = phiredact_format_parse(format_name, &format)) != PHIREDACT_STATUS_OK) {
        free(policy);
        fprintf(stderr, "redact_format: unknown format %s\n", format_name);
        return 2;
    }

    st = phiredact_redactor_new(policy, &r); /* NULL policy = defaults */
    free(policy);                            /* the redactor keeps its own copy */
    if (st != PHIREDACT_STATUS_OK) return fail("policy", st);

    input = read_all(stdin, &len);
    if (input == NULL) {
        fprintf(stderr, "redact_format: read error\n");
        phiredact_redactor_free(r);
        return 2;
    }
    if (strcmp(format_name, "auto") == 0) {
        /* Not HL7 or FHIR: format is PHIREDACT_FORMAT_TEXT, which scans everything. */
        (void)phiredact_format_detect(input, len, &format);
    }
    st = phiredact_redact_format(r, format, input, len, &out);
    free(input);
    if (st != PHIREDACT_STATUS_OK) {
        rc = fail(phiredact_format_name(format), st);
    } else if (out.len > 0 && fwrite(out.data, 1, out.len, stdout) != out.len) {
        rc = 2;
    }
    phiredact_string_free(&out); /* safe on failure too: {NULL, 0} */
    phiredact_redactor_free(r);
    if (fflush(stdout) != 0) rc = 2;
    return rc;
}
