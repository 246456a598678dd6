/* Per-call cost of the C boundary, informational (run by tests/c/run.sh, never fails on
 * speed). Empty input measures the boundary itself (panic guard, argument checks, output
 * allocation); a short message adds the engine's work for scale.
 *
 *   bench_overhead [ITERATIONS]   (default 200000) */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "phiredact.h"

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int bench(const phiredact_redactor *r, const char *what, const char *text, size_t len,
                 long iterations) {
    phiredact_string out;
    long i;
    double start;
    /* Warm-up: lazily built regexes and dictionaries. */
    for (i = 0; i < 1000; i++) {
        if (phiredact_redact(r, text, len, &out) != PHIREDACT_STATUS_OK) return 1;
        phiredact_string_free(&out);
    }
    start = now_ns();
    for (i = 0; i < iterations; i++) {
        if (phiredact_redact(r, text, len, &out) != PHIREDACT_STATUS_OK) return 1;
        phiredact_string_free(&out);
    }
    printf("phiredact_redact, %-28s %8.0f ns/call\n", what, (now_ns() - start) / (double)iterations);
    return 0;
}

int main(int argc, char **argv) {
    long iterations = argc > 1 ? atol(argv[1]) : 200000;
    phiredact_redactor *r = NULL;
    long i;
    double start;
    static const char msg[] = "Pt called back at (555) 201-4477 re: refill, SSN 123-45-6789.";
    static const char plain[] = "Patient reports feeling better today, no new complaints.";
    if (iterations <= 0 || phiredact_redactor_new(NULL, &r) != PHIREDACT_STATUS_OK) return 1;
    start = now_ns();
    for (i = 0; i < iterations; i++) {
        if (phiredact_label_name(PHIREDACT_LABEL_SSN) == NULL) return 1;
    }
    printf("%-46s %8.0f ns/call\n", "phiredact_label_name (boundary only):",
           (now_ns() - start) / (double)iterations);
    if (bench(r, "empty input:", "", 0, iterations) != 0 ||
        bench(r, "56 B, no PHI:", plain, sizeof plain - 1, iterations / 10) != 0 ||
        bench(r, "62 B, 2 findings:", msg, sizeof msg - 1, iterations / 10) != 0) {
        fprintf(stderr, "bench_overhead: %s\n", phiredact_last_error());
        return 1;
    }
    phiredact_redactor_free(r);
    return 0;
}
