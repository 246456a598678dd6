/* Round trips and error paths of every function of include/phiredact.h, as C99.
 *
 * Built by tests/c/run.sh with gcc -std=c99 -Wall -Wextra -Werror -pedantic, linked once
 * against the static and once against the shared library, and run under valgrind. */
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"

/* One-shot redaction of the whole sample, for comparisons. */
static phiredact_string redact_all(const phiredact_redactor *r, const char *text, size_t len) {
    phiredact_string out;
    CHECK_STATUS(phiredact_redact(r, text, len, &out), PHIREDACT_STATUS_OK);
    return out;
}

/* Streams text[0..len] in chunks chosen by next_chunk and returns the joined output. */
static phiredact_string stream_all(const phiredact_redactor *r, const char *text, size_t len,
                                   size_t max_chunk) {
    phiredact_stream *s = NULL;
    phiredact_string part;
    char *joined = malloc(len * 2 + 64);
    size_t joined_len = 0, at = 0;
    phiredact_string result = {NULL, 0};
    CHECK_STATUS(phiredact_stream_new(r, &s), PHIREDACT_STATUS_OK);
    if (s == NULL || joined == NULL) {
        free(joined);
        return result;
    }
    while (at < len) {
        size_t n = max_chunk == 1 ? 1 : 1 + h_rand_below(max_chunk);
        if (n > len - at) n = len - at;
        CHECK_STATUS(phiredact_stream_write(s, text + at, n, &part), PHIREDACT_STATUS_OK);
        if (part.data != NULL) {
            memcpy(joined + joined_len, part.data, part.len);
            joined_len += part.len;
        }
        phiredact_string_free(&part);
        at += n;
    }
    CHECK_STATUS(phiredact_stream_finish(s, &part), PHIREDACT_STATUS_OK);
    if (part.data != NULL) {
        memcpy(joined + joined_len, part.data, part.len);
        joined_len += part.len;
    }
    phiredact_string_free(&part);
    phiredact_stream_free(s);
    /* Hand back a malloc'd copy in a phiredact_string-shaped value (freed with free()). */
    result.data = joined;
    result.len = joined_len;
    return result;
}

static void test_version(void) {
    char want[32];
    const char *v = phiredact_version();
    sprintf(want, "%d.%d.%d", PHIREDACT_VERSION_MAJOR, PHIREDACT_VERSION_MINOR,
            PHIREDACT_VERSION_PATCH);
    CHECK(v != NULL && strcmp(v, want) == 0);
}

static void test_redact_round_trip(void) {
    phiredact_redactor *r = NULL;
    phiredact_string out;
    static const char text[] = "SSN 123-45-6789, call back at (555) 123-4567. DOB 03/04/1961.";
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    CHECK(r != NULL);
    CHECK_STATUS(phiredact_redact(r, text, sizeof text - 1, &out), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, "SSN [SSN], call back at [PHONE]. DOB [DOB]."));
    phiredact_string_free(&out);
    CHECK(out.data == NULL && out.len == 0);
    phiredact_string_free(&out); /* twice is harmless */
    /* Empty input: NULL with length 0 is allowed and gives an allocated "". */
    CHECK_STATUS(phiredact_redact(r, NULL, 0, &out), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, ""));
    phiredact_string_free(&out);
    phiredact_redactor_free(r);
}

static void test_embedded_nul_and_unterminated(void) {
    phiredact_redactor *r = NULL;
    phiredact_string out;
    static const char text[] = "a\0SSN 123-45-6789\0b";
    /* A buffer that is not NUL-terminated: only len bytes may be read. */
    char *heap = malloc(13);
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_redact(r, text, sizeof text - 1, &out), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, "a\0SSN [SSN]\0b"));
    phiredact_string_free(&out);
    memcpy(heap, "MRN: 00123456", 13);
    CHECK_STATUS(phiredact_redact(r, heap, 13, &out), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, "MRN: [MRN]"));
    /* Nothing returned aliases caller memory. */
    CHECK(out.data < heap || out.data >= heap + 13);
    phiredact_string_free(&out);
    free(heap);
    phiredact_redactor_free(r);
}

static void test_null_arguments(void) {
    phiredact_redactor *r = NULL;
    phiredact_findings *f = (phiredact_findings *)&r; /* junk: must be overwritten */
    phiredact_stream *s = (phiredact_stream *)&r;
    phiredact_string out;
    phiredact_finding one;
    const char *null_name[1] = {NULL};
    CHECK_STATUS(phiredact_redactor_new(NULL, NULL), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(strstr(phiredact_last_error(), "out") != NULL);
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);

    CHECK_STATUS(phiredact_redact(NULL, "x", 1, &out), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(out.data == NULL && out.len == 0);
    CHECK_STATUS(phiredact_redact(r, "x", 1, NULL), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_redact(r, NULL, 5, &out), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(out.data == NULL);
    CHECK_STATUS(phiredact_redact(r, "x", SIZE_MAX, &out), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_redact_bytes(NULL, "x", 1, &out), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_redact_bytes(r, NULL, 1, &out), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_redact_with_names(r, "x", 1, NULL, 2, &out),
                 PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_redact_with_names(r, "x", 1, null_name, 1, &out),
                 PHIREDACT_STATUS_INVALID_ARGUMENT);

    CHECK_STATUS(phiredact_find(NULL, "x", 1, &f), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(f == NULL);
    CHECK_STATUS(phiredact_find(r, "x", 1, NULL), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_find(r, NULL, 3, &f), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_find_with_names(r, "x", 1, null_name, 1, &f),
                 PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(phiredact_findings_len(NULL) == 0);
    one.start = 42;
    CHECK_STATUS(phiredact_findings_get(NULL, 0, &one), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(one.start == 42);

    CHECK_STATUS(phiredact_stream_new(NULL, &s), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK(s == NULL);
    CHECK_STATUS(phiredact_stream_new(r, NULL), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_stream_new_with_names(r, NULL, 1, &s),
                 PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_stream_write(NULL, "x", 1, &out), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_stream_finish(NULL, &out), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_stream_new(r, &s), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_stream_write(s, NULL, 1, &out), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_stream_write(s, "x", 1, NULL), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_stream_finish(s, NULL), PHIREDACT_STATUS_INVALID_ARGUMENT);
    /* A write of nothing is fine. */
    CHECK_STATUS(phiredact_stream_write(s, NULL, 0, &out), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, ""));
    phiredact_string_free(&out);
    phiredact_stream_free(s);

    /* Every free accepts NULL. */
    phiredact_redactor_free(NULL);
    phiredact_findings_free(NULL);
    phiredact_stream_free(NULL);
    phiredact_string_free(NULL);
    phiredact_redactor_free(r);
}

static void test_policies(void) {
    phiredact_redactor *r = NULL;
    phiredact_string out;
    static const char ssn[] = "SSN 123-45-6789";
    CHECK_STATUS(phiredact_redactor_new("[labels.SSN]\naction = \"keep_last\"\ndigits = 4\n", &r),
                 PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_redact(r, ssn, sizeof ssn - 1, &out), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, "SSN ***-**-6789"));
    phiredact_string_free(&out);
    phiredact_redactor_free(r);

    CHECK_STATUS(phiredact_redactor_new("{\"labels\": {\"SSN\": {\"action\": \"mask\"}}}", &r),
                 PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_redact(r, ssn, sizeof ssn - 1, &out), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, "SSN ***-**-****"));
    phiredact_string_free(&out);
    phiredact_redactor_free(r);
}

static void test_invalid_policy(void) {
    static const char *const bad[] = {
        "colour = 1\n",
        "[labels.SSNN]\n",
        "{\"labels\": {\"SSN\": {\"acton\": \"mask\"}}}",
        "[[recognizers]]\nname = \"x\"\nlabel = \"MRN\"\npattern = \"(\"\n",
        "this is = not toml [",
        "{ not json",
    };
    /* What each error says; the document's own keys are never quoted (they could be PHI). */
    static const char *const field[] = {"unknown field `\xe2\x80\xa6`", "a key is not a label name",
                                        "unknown field `\xe2\x80\xa6`", "pattern", "TOML", "JSON"};
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        phiredact_redactor *r = (phiredact_redactor *)&i; /* junk: must become NULL */
        CHECK_STATUS(phiredact_redactor_new(bad[i], &r), PHIREDACT_STATUS_INVALID_POLICY);
        CHECK(r == NULL);
        CHECK(strstr(phiredact_last_error(), field[i]) != NULL);
        CHECK(strstr(phiredact_last_error(), "acton") == NULL);
        CHECK(strstr(phiredact_last_error(), "colour") == NULL);
        phiredact_redactor_free(r);
    }
    {
        phiredact_redactor *r = NULL;
        /* Known names in a policy are PHI: errors must not echo them. */
        CHECK_STATUS(phiredact_redactor_new("known_names = [\"Maria Lopez\"]\n"
                                            "known_names = [\"Maria Lopez\"]\n",
                                            &r),
                     PHIREDACT_STATUS_INVALID_POLICY);
        CHECK(strstr(phiredact_last_error(), "Maria") == NULL);
        CHECK_STATUS(phiredact_redactor_new("known_names = [\"\xff\"]\n", &r),
                     PHIREDACT_STATUS_INVALID_UTF8);
        CHECK(r == NULL);
    }
}

static void test_invalid_utf8(void) {
    phiredact_redactor *r = NULL;
    phiredact_findings *f = NULL;
    phiredact_string out;
    static const char bad[] = "SSN 123-45-6789 \xff\xfe Maria";
    const char *bad_name[1] = {"Maria \xff"};
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_redact(r, bad, sizeof bad - 1, &out), PHIREDACT_STATUS_INVALID_UTF8);
    CHECK(out.data == NULL && out.len == 0);
    CHECK(strstr(phiredact_last_error(), "UTF-8") != NULL);
    CHECK(strstr(phiredact_last_error(), "123") == NULL);
    CHECK(strstr(phiredact_last_error(), "Maria") == NULL);
    CHECK_STATUS(phiredact_find(r, bad, sizeof bad - 1, &f), PHIREDACT_STATUS_INVALID_UTF8);
    CHECK(f == NULL);
    CHECK_STATUS(phiredact_redact_with_names(r, "x", 1, bad_name, 1, &out),
                 PHIREDACT_STATUS_INVALID_UTF8);
    /* The lossy call decodes and scans: invalid bytes become U+FFFD, never pass through. */
    CHECK_STATUS(phiredact_redact_bytes(r, bad, sizeof bad - 1, &out), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, "SSN [SSN] \xef\xbf\xbd\xef\xbf\xbd Maria"));
    phiredact_string_free(&out);
    phiredact_redactor_free(r);
}

static void test_find(void) {
    phiredact_redactor *r = NULL;
    phiredact_findings *f = NULL;
    phiredact_finding one;
    static const char text[] = "SSN 123-45-6789, call (555) 123-4567.";
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_find(r, text, sizeof text - 1, &f), PHIREDACT_STATUS_OK);
    CHECK(phiredact_findings_len(f) == 2);
    CHECK_STATUS(phiredact_findings_get(f, 0, &one), PHIREDACT_STATUS_OK);
    CHECK(one.start == 4 && one.end == 15);
    CHECK(one.label == PHIREDACT_LABEL_SSN);
    CHECK(strcmp(phiredact_label_name(one.label), "SSN") == 0);
    CHECK(strcmp(one.rule, "ssn.cue") == 0);
    CHECK_STATUS(phiredact_findings_get(f, 1, &one), PHIREDACT_STATUS_OK);
    CHECK(one.label == PHIREDACT_LABEL_PHONE);
    CHECK(memcmp(text + one.start, "(555) 123-4567", one.end - one.start) == 0);
    CHECK_STATUS(phiredact_findings_get(f, 2, &one), PHIREDACT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(phiredact_findings_get(f, 0, NULL), PHIREDACT_STATUS_INVALID_ARGUMENT);
    phiredact_findings_free(f);
    /* Rule strings are static: still valid after the findings are freed. */
    CHECK(strcmp(one.rule, "phone.nanp") == 0);
    /* No findings is an empty list, not NULL. */
    CHECK_STATUS(phiredact_find(r, "nothing here", 12, &f), PHIREDACT_STATUS_OK);
    CHECK(f != NULL && phiredact_findings_len(f) == 0);
    phiredact_findings_free(f);
    phiredact_redactor_free(r);
}

static void test_labels_and_statuses(void) {
    CHECK(strcmp(phiredact_label_name(PHIREDACT_LABEL_NAME), "NAME") == 0);
    CHECK(strcmp(phiredact_label_name(PHIREDACT_LABEL_DOB), "DOB") == 0);
    CHECK(strcmp(phiredact_label_name(PHIREDACT_LABEL_LOCATION), "LOCATION") == 0);
    CHECK(PHIREDACT_LABEL_NAME == 1 && PHIREDACT_LABEL_LOCATION == 14);
    CHECK(phiredact_label_name(0) == NULL);
    CHECK(phiredact_label_name(15) == NULL);
    CHECK(phiredact_label_name(0xffffffffu) == NULL);
    CHECK(PHIREDACT_STATUS_OK == 0);
    CHECK(strcmp(phiredact_status_name(PHIREDACT_STATUS_INVALID_UTF8), "INVALID_UTF8") == 0);
    CHECK(strcmp(phiredact_status_name(PHIREDACT_STATUS_INTERNAL_ERROR), "INTERNAL_ERROR") == 0);
    CHECK(phiredact_status_name(12345) == NULL);
}

static void test_known_names(void) {
    phiredact_redactor *r = NULL;
    phiredact_findings *f = NULL;
    phiredact_stream *s = NULL;
    phiredact_string out, part;
    /* Names the free-text recognizer cannot know without being told. */
    static const char text[] = "qwertz called; zyxwv too";
    const char *names[2] = {"Anna Qwertz", "Bo Zyxwv"};
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_redact_with_names(r, text, sizeof text - 1, names, 2, &out),
                 PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, "[NAME] called; [NAME] too"));
    phiredact_string_free(&out);
    CHECK_STATUS(phiredact_find_with_names(r, text, sizeof text - 1, names, 2, &f),
                 PHIREDACT_STATUS_OK);
    CHECK(phiredact_findings_len(f) == 2);
    phiredact_findings_free(f);
    /* Names are per call. */
    CHECK_STATUS(phiredact_redact(r, text, sizeof text - 1, &out), PHIREDACT_STATUS_OK);
    CHECK(!STR_IS(out, "[NAME] called; [NAME] too"));
    phiredact_string_free(&out);
    /* And per stream. */
    CHECK_STATUS(phiredact_stream_new_with_names(r, names, 2, &s), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_stream_write(s, text, sizeof text - 1, &part), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_stream_finish(s, &out), PHIREDACT_STATUS_OK);
    CHECK(part.len == 0);
    CHECK(STR_IS(out, "[NAME] called; [NAME] too"));
    phiredact_string_free(&part);
    phiredact_string_free(&out);
    phiredact_stream_free(s);
    phiredact_redactor_free(r);
}

static void test_stream_one_byte_chunks(void) {
    phiredact_redactor *r = NULL;
    phiredact_string want, got;
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    want = redact_all(r, H_SAMPLE, sizeof H_SAMPLE - 1);
    got = stream_all(r, H_SAMPLE, sizeof H_SAMPLE - 1, 1);
    CHECK(want.len > 0 && got.len == want.len && memcmp(got.data, want.data, want.len) == 0);
    free(got.data);
    phiredact_string_free(&want);
    phiredact_redactor_free(r);
}

static void test_stream_random_chunks(void) {
    phiredact_redactor *r = NULL;
    phiredact_string want, got;
    int round;
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    want = redact_all(r, H_SAMPLE, sizeof H_SAMPLE - 1);
    for (round = 0; round < 50; round++) {
        size_t max_chunk = 2 + h_rand_below(sizeof H_SAMPLE);
        got = stream_all(r, H_SAMPLE, sizeof H_SAMPLE - 1, max_chunk);
        CHECK(got.len == want.len && memcmp(got.data, want.data, want.len) == 0);
        free(got.data);
    }
    phiredact_string_free(&want);
    phiredact_redactor_free(r);
}

static void test_stream_finished(void) {
    phiredact_redactor *r = NULL;
    phiredact_stream *s = NULL;
    phiredact_string out;
    static const char text[] = "SSN 123-45-6789";
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_stream_new(r, &s), PHIREDACT_STATUS_OK);
    /* The stream keeps the engine alive: the redactor may go first. */
    phiredact_redactor_free(r);
    CHECK_STATUS(phiredact_stream_write(s, text, sizeof text - 1, &out), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, "")); /* waiting for the end of the segment */
    phiredact_string_free(&out);
    CHECK_STATUS(phiredact_stream_finish(s, &out), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(out, "SSN [SSN]"));
    phiredact_string_free(&out);
    CHECK_STATUS(phiredact_stream_write(s, text, sizeof text - 1, &out),
                 PHIREDACT_STATUS_STREAM_FINISHED);
    CHECK(out.data == NULL && out.len == 0);
    CHECK(strstr(phiredact_last_error(), "finished") != NULL);
    CHECK_STATUS(phiredact_stream_finish(s, &out), PHIREDACT_STATUS_STREAM_FINISHED);
    CHECK(out.data == NULL);
    phiredact_stream_free(s);
    /* A stream freed unfinished discards its input (and leaks nothing: see valgrind). */
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_stream_new(r, &s), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_stream_write(s, text, sizeof text - 1, &out), PHIREDACT_STATUS_OK);
    phiredact_string_free(&out);
    phiredact_stream_free(s);
    phiredact_redactor_free(r);
}

static void test_stream_invalid_utf8_is_lossy(void) {
    phiredact_redactor *r = NULL;
    phiredact_string want, got;
    static const char bad[] = "caf\xc3\xa9 \xff SSN 123-45-6789 \xc3";
    size_t cut;
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_redact_bytes(r, bad, sizeof bad - 1, &want), PHIREDACT_STATUS_OK);
    CHECK(STR_IS(want, "caf\xc3\xa9 \xef\xbf\xbd SSN [SSN] \xef\xbf\xbd"));
    for (cut = 1; cut < 4; cut++) {
        got = stream_all(r, bad, sizeof bad - 1, cut);
        CHECK(got.len == want.len && memcmp(got.data, want.data, want.len) == 0);
        free(got.data);
    }
    phiredact_string_free(&want);
    phiredact_redactor_free(r);
}

static void test_last_error_stays_valid(void) {
    phiredact_string out;
    const char *e;
    CHECK_STATUS(phiredact_redact(NULL, "x", 1, &out), PHIREDACT_STATUS_INVALID_ARGUMENT);
    e = phiredact_last_error();
    /* A successful call leaves it in place. */
    CHECK(strcmp(phiredact_version(), "") != 0);
    CHECK(e == phiredact_last_error() && strstr(e, "redactor") != NULL);
}

int main(void) {
    RUN(test_version);
    RUN(test_redact_round_trip);
    RUN(test_embedded_nul_and_unterminated);
    RUN(test_null_arguments);
    RUN(test_policies);
    RUN(test_invalid_policy);
    RUN(test_invalid_utf8);
    RUN(test_find);
    RUN(test_labels_and_statuses);
    RUN(test_known_names);
    RUN(test_stream_one_byte_chunks);
    RUN(test_stream_random_chunks);
    RUN(test_stream_finished);
    RUN(test_stream_invalid_utf8_is_lossy);
    RUN(test_last_error_stays_valid);
    return h_finish("test_api");
}
