/* Structured formats through the C ABI (issue 11): phiredact_redact_format,
 * phiredact_format_detect, phiredact_format_parse and phiredact_format_name, as C99.
 *
 * Reads the team's samples from examples/formats/ and the core's blessed expectations from
 * crates/phiredact/tests/data/formats/, relative to the working directory (tests/c/run.sh
 * runs it from the repository root), so C is held to the same answer as Rust, the CLI and
 * Python. Built with -Werror -pedantic, static and shared, and run under valgrind. */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

#define SAMPLES "examples/formats/"
#define EXPECTED "crates/phiredact/tests/data/formats/"

/* A whole file, malloc'd and NUL-terminated; {NULL, 0} if it cannot be read. */
typedef struct {
    char *data;
    size_t len;
} file_buf;

static file_buf read_file(const char *path) {
    file_buf b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    long size;
    if (f == NULL) {
        fprintf(stderr, "    cannot open %s (run from the repository root)\n", path);
        return b;
    }
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
        b.data = malloc((size_t)size + 1);
        if (b.data != NULL && fread(b.data, 1, (size_t)size, f) == (size_t)size) {
            b.len = (size_t)size;
            b.data[b.len] = '\0';
        } else {
            free(b.data);
            b.data = NULL;
        }
    }
    fclose(f);
    return b;
}

static size_t count_byte(const char *s, size_t len, char c) {
    size_t n = 0, i;
    for (i = 0; i < len; i++) n += s[i] == c;
    return n;
}

/* Whether needle occurs in s[0..len] (s may hold NUL bytes; needle may not). */
static int contains(const char *s, size_t len, const char *needle) {
    size_t n = strlen(needle), i;
    if (n == 0 || n > len) return n == 0;
    for (i = 0; i + n <= len; i++) {
        if (memcmp(s + i, needle, n) == 0) return 1;
    }
    return 0;
}

/* The RFC 4180 shape of a CSV text: number of records, and the field count of each of
 * the first max records in counts[]. Quoted commas and newlines belong to their field. */
static size_t csv_shape(const char *s, size_t len, size_t *counts, size_t max) {
    size_t records = 0, fields = 1, i;
    int quoted = 0;
    for (i = 0; i < len; i++) {
        if (s[i] == '"') {
            quoted = !quoted; /* "" inside a quoted field toggles twice: no change */
        } else if (!quoted && s[i] == ',') {
            fields++;
        } else if (!quoted && s[i] == '\n') {
            if (records < max) counts[records] = fields;
            records++;
            fields = 1;
        }
    }
    return records;
}

static phiredact_redactor *new_redactor(const char *policy) {
    phiredact_redactor *r = NULL;
    CHECK_STATUS(phiredact_redactor_new(policy, &r), PHIREDACT_STATUS_OK);
    return r;
}

/* The HL7 sample with the default policy: byte for byte the core's expectation, the same
 * segments and delimiters, and every identifying value gone. */
static void test_hl7_adt_a01(void) {
    static const char *const phi[] = {"00482913", "998877665", "LOPEZ", "MARIA", "GARCIA",
                                      "19610304", "1432 Oak", "555-0142", "maria.lopez",
                                      "ACC20240315001", "123-45-6789", "L1234567", "CARLOS"};
    file_buf in = read_file(SAMPLES "adt_a01.hl7");
    file_buf want = read_file(EXPECTED "adt_a01.hl7.redacted");
    phiredact_redactor *r = new_redactor(NULL);
    phiredact_string out = {NULL, 0};
    size_t i;
    CHECK(in.data != NULL && want.data != NULL && r != NULL);
    if (in.data == NULL || want.data == NULL || r == NULL) goto done;
    CHECK_STATUS(phiredact_redact_format(r, PHIREDACT_FORMAT_HL7, in.data, in.len, &out),
                 PHIREDACT_STATUS_OK);
    CHECK(out.data != NULL && out.len == want.len && memcmp(out.data, want.data, want.len) == 0);
    CHECK(out.data != NULL && out.data[out.len] == '\0');
    CHECK(count_byte(out.data, out.len, '\r') == count_byte(in.data, in.len, '\r'));
    CHECK(count_byte(out.data, out.len, '|') == count_byte(in.data, in.len, '|'));
    CHECK(count_byte(out.data, out.len, '^') == count_byte(in.data, in.len, '^'));
    CHECK(out.len > 4 && memcmp(out.data, "MSH|^~\\&|", 9) == 0);
    for (i = 0; i < sizeof phi / sizeof phi[0]; i++) {
        CHECK(contains(in.data, in.len, phi[i]));
        if (contains(out.data, out.len, phi[i])) {
            CHECK(!"identifying value survived");
            fprintf(stderr, "    survived: %s\n", phi[i]);
        }
    }
    /* Clinical content stays. */
    CHECK(contains(out.data, out.len, "I50.9^Heart failure, unspecified^I10"));
    CHECK(contains(out.data, out.len, "ADT^A01^ADT_A01"));
done:
    phiredact_string_free(&out);
    phiredact_redactor_free(r);
    free(in.data);
    free(want.data);
}

/* The CSV sample with the default policy (every column scanned as text): the header and
 * the record/field structure are kept, the identifiers go. With the sample's column
 * policy, the output is the core's expectation byte for byte. */
static void test_csv_export(void) {
    size_t in_counts[8], out_counts[8], records, i;
    file_buf in = read_file(SAMPLES "export.csv");
    file_buf policy = read_file(SAMPLES "export.policy.toml");
    file_buf want = read_file(EXPECTED "export.csv.redacted");
    phiredact_redactor *r = new_redactor(NULL);
    phiredact_redactor *columns = policy.data != NULL ? new_redactor(policy.data) : NULL;
    phiredact_string out = {NULL, 0};
    CHECK(in.data != NULL && want.data != NULL && r != NULL && columns != NULL);
    if (in.data == NULL || want.data == NULL || r == NULL || columns == NULL) goto done;

    CHECK_STATUS(phiredact_redact_format(r, PHIREDACT_FORMAT_CSV, in.data, in.len, &out),
                 PHIREDACT_STATUS_OK);
    records = csv_shape(in.data, in.len, in_counts, 8);
    CHECK(records == 4);
    CHECK(csv_shape(out.data, out.len, out_counts, 8) == records);
    for (i = 0; i < records && i < 8; i++) CHECK(in_counts[i] == out_counts[i]);
    {
        const char *nl = memchr(in.data, '\n', in.len);
        size_t header = nl != NULL ? (size_t)(nl - in.data) + 1 : 0;
        CHECK(header > 0 && out.len >= header && memcmp(out.data, in.data, header) == 0);
    }
    CHECK(!contains(out.data, out.len, "123-45-6789"));
    CHECK(!contains(out.data, out.len, "555-0142"));
    CHECK(!contains(out.data, out.len, "555-0199"));
    CHECK(!contains(out.data, out.len, "1961-03-04"));
    phiredact_string_free(&out);

    CHECK_STATUS(phiredact_redact_format(columns, PHIREDACT_FORMAT_CSV, in.data, in.len, &out),
                 PHIREDACT_STATUS_OK);
    CHECK(out.data != NULL && out.len == want.len && memcmp(out.data, want.data, want.len) == 0);
done:
    phiredact_string_free(&out);
    phiredact_redactor_free(r);
    phiredact_redactor_free(columns);
    free(in.data);
    free(policy.data);
    free(want.data);
}

/* FHIR: the Bundle redacts to JSON without its identifiers; a malformed document returns
 * the format status, no output, and an error that does not quote it. */
static void test_fhir(void) {
    static const char bad[] = "{\"resourceType\": \"Patient\", \"name\": [{\"family\": \"Quell\"";
    file_buf in = read_file(SAMPLES "bundle.json");
    phiredact_redactor *r = new_redactor(NULL);
    phiredact_string out = {(char *)"stale", 5};
    CHECK(in.data != NULL && r != NULL);
    if (in.data == NULL || r == NULL) goto done;

    CHECK_STATUS(phiredact_redact_format(r, PHIREDACT_FORMAT_FHIR, bad, sizeof bad - 1, &out),
                 PHIREDACT_STATUS_INVALID_FORMAT);
    CHECK(out.data == NULL && out.len == 0);
    CHECK(strstr(phiredact_last_error(), "FHIR") != NULL);
    CHECK(strstr(phiredact_last_error(), "Quell") == NULL);
    CHECK(strcmp(phiredact_status_name(PHIREDACT_STATUS_INVALID_FORMAT), "INVALID_FORMAT") == 0);

    CHECK_STATUS(phiredact_redact_format(r, PHIREDACT_FORMAT_FHIR, in.data, in.len, &out),
                 PHIREDACT_STATUS_OK);
    CHECK(out.len > 0 && out.data[0] == '{');
    CHECK(count_byte(out.data, out.len, '{') == count_byte(in.data, in.len, '{'));
    CHECK(contains(out.data, out.len, "\"resourceType\": \"Bundle\""));
    CHECK(contains(out.data, out.len, "Hemoglobin [Mass/volume] in Blood"));
    CHECK(!contains(out.data, out.len, "Lopez"));
    CHECK(!contains(out.data, out.len, "Maria"));
    CHECK(!contains(out.data, out.len, "123-45-6789"));
    CHECK(!contains(out.data, out.len, "555-0142"));
done:
    phiredact_string_free(&out);
    phiredact_redactor_free(r);
    free(in.data);
}

/* Text equals phiredact_redact_bytes; bad arguments are refused with empty outputs. */
static void test_text_and_arguments(void) {
    static const char data[] = "SSN 123-45-6789 \xff call (555) 201-4477";
    phiredact_redactor *r = new_redactor(NULL);
    phiredact_string a = {NULL, 0}, b = {NULL, 0};
    CHECK_STATUS(phiredact_redact_bytes(r, data, sizeof data - 1, &a), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_redact_format(r, PHIREDACT_FORMAT_TEXT, data, sizeof data - 1, &b),
                 PHIREDACT_STATUS_OK);
    CHECK(a.data != NULL && b.data != NULL && a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    phiredact_string_free(&b);
    CHECK_STATUS(phiredact_redact_format(r, 0, data, sizeof data - 1, &b),
                 PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(b.data == NULL);
    CHECK_STATUS(phiredact_redact_format(r, 99, data, sizeof data - 1, &b),
                 PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_redact_format(NULL, PHIREDACT_FORMAT_HL7, data, 3, &b),
                 PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_redact_format(r, PHIREDACT_FORMAT_HL7, NULL, 3, &b),
                 PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_redact_format(r, PHIREDACT_FORMAT_HL7, data, 3, NULL),
                 PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(b.data == NULL && b.len == 0);
    phiredact_string_free(&a);
    phiredact_redactor_free(r);
}

/* Detection, names and parsing. */
static void test_detect_parse_name(void) {
    static const char hl7[] = "\x0bMSH|^~\\&|A|B\rPID|1\r\x1c\r";
    static const char fhir[] = "\xef\xbb\xbf  {\"resourceType\": \"Patient\"}";
    static const char csv[] = "mrn,name\n1,x\n";
    phiredact_format f = PHIREDACT_FORMAT_JSONL;
    CHECK_STATUS(phiredact_format_detect(hl7, sizeof hl7 - 1, &f), PHIREDACT_STATUS_OK);
    CHECK(f == PHIREDACT_FORMAT_HL7);
    CHECK_STATUS(phiredact_format_detect(fhir, sizeof fhir - 1, &f), PHIREDACT_STATUS_OK);
    CHECK(f == PHIREDACT_FORMAT_FHIR);
    f = PHIREDACT_FORMAT_JSONL;
    CHECK_STATUS(phiredact_format_detect(csv, sizeof csv - 1, &f),
                 PHIREDACT_STATUS_FORMAT_NOT_DETECTED);
    CHECK(f == PHIREDACT_FORMAT_TEXT);
    CHECK_STATUS(phiredact_format_detect(NULL, 0, &f), PHIREDACT_STATUS_FORMAT_NOT_DETECTED);
    CHECK_STATUS(phiredact_format_detect(NULL, 1, &f), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_format_detect(hl7, 3, NULL), PHIREDACT_STATUS_INVALID_ARGUMENT);

    CHECK(strcmp(phiredact_format_name(PHIREDACT_FORMAT_HL7), "hl7") == 0);
    CHECK(strcmp(phiredact_format_name(PHIREDACT_FORMAT_JSONL), "jsonl") == 0);
    CHECK(phiredact_format_name(0) == NULL);
    CHECK_STATUS(phiredact_format_parse("FHIR", &f), PHIREDACT_STATUS_OK);
    CHECK(f == PHIREDACT_FORMAT_FHIR);
    CHECK_STATUS(phiredact_format_parse("csv", &f), PHIREDACT_STATUS_OK);
    CHECK(f == PHIREDACT_FORMAT_CSV);
    CHECK_STATUS(phiredact_format_parse("xml", &f), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(f == PHIREDACT_FORMAT_TEXT);
    CHECK_STATUS(phiredact_format_parse(NULL, &f), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(strcmp(phiredact_status_name(PHIREDACT_STATUS_FORMAT_NOT_DETECTED),
                 "FORMAT_NOT_DETECTED") == 0);
}

int main(void) {
    RUN(test_hl7_adt_a01);
    RUN(test_csv_export);
    RUN(test_fhir);
    RUN(test_text_and_arguments);
    RUN(test_detect_parse_name);
    return h_finish("test_formats");
}
