/* A tiny test harness shared by the C tests: CHECK counts, RUN prints one line per test. */
#ifndef PHIREDACT_TEST_HARNESS_H
#define PHIREDACT_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

#include "phiredact.h"

static int h_failed_checks = 0;
static int h_tests_passed = 0;
static int h_tests_failed = 0;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (!(cond)) {                                                           \
            h_failed_checks++;                                                   \
            fprintf(stderr, "    %s:%d: CHECK failed: %s (last error: %s)\n",  \
                    __FILE__, __LINE__, #cond, phiredact_last_error());          \
        }                                                                        \
    } while (0)

#define CHECK_STATUS(call, want)                                                 \
    do {                                                                         \
        phiredact_status h_st = (call);                                          \
        if (h_st != (want)) {                                                    \
            h_failed_checks++;                                                   \
            fprintf(stderr, "    %s:%d: %s returned %s, want %s (last error: %s)\n", \
                    __FILE__, __LINE__, #call, phiredact_status_name(h_st),      \
                    phiredact_status_name(want), phiredact_last_error());        \
        }                                                                        \
    } while (0)

#define RUN(test)                                                                \
    do {                                                                         \
        int h_before = h_failed_checks;                                          \
        test();                                                                  \
        if (h_failed_checks == h_before) {                                       \
            h_tests_passed++;                                                    \
            printf("ok - %s\n", #test);                                          \
        } else {                                                                 \
            h_tests_failed++;                                                    \
            printf("not ok - %s\n", #test);                                      \
        }                                                                        \
        fflush(stdout);                                                          \
    } while (0)

/* Prints the summary and returns the exit status. */
static inline int h_finish(const char *name) {
    printf("%s: %d passed, %d failed\n", name, h_tests_passed, h_tests_failed);
    return h_tests_failed == 0 ? 0 : 1;
}

/* Whether s holds exactly want[0..want_len], NUL-terminated. */
static inline int h_str_is(const phiredact_string *s, const char *want, size_t want_len) {
    return s->data != NULL && s->len == want_len && memcmp(s->data, want, want_len) == 0 &&
           s->data[s->len] == '\0';
}

#define STR_IS(s, lit) h_str_is(&(s), (lit), sizeof(lit) - 1)

/* xorshift32: reproducible chunk sizes on every platform. */
static unsigned int h_rng_state = 0x5eed1234u;
static inline size_t h_rand_below(size_t n) {
    unsigned int x = h_rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    h_rng_state = x;
    return n == 0 ? 0 : (size_t)x % n;
}

/* A sample with several segments (blank lines), UTF-8 and most labels. */
static const char H_SAMPLE[] =
    "From: after-hours answering service, 02:14\n"
    "Caller: Maria Lopez, DOB 03/04/1961, MRN: 00482913. Callback (555) 201-4477.\n"
    "Pt reports chest tightness since 10:30 pm, BP 142/88 per home cuff.\n"
    "Daughter Ana Lopez also on the line, cell 555.219.8830.\n"
    "\n"
    "Hi Dr. Patel,\n"
    "this is james o'brien, my wife jen needs a refill. her SSN is 123-45-6789.\n"
    "we moved to 1428 Oak Street, Apt 4B, Springfield, IL 62704. email jobrien77@example.com\n"
    "\n"
    "Note from Zo\xc3\xab M\xc3\xbcller, 11/15/2024: caf\xc3\xa9 visit, IP 10.1.2.3\n";

#endif
