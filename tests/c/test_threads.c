/* One redactor shared by 8 pthreads: every thread redacts, finds and streams with it at
 * the same time and must get exactly the single-threaded answers. Each thread's last
 * error is its own. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>

#include "harness.h"

#define THREADS 8
#define ROUNDS 25

typedef struct {
    const phiredact_redactor *r;
    const phiredact_string *want;
    size_t want_findings;
    int id;
    int failures;
} job;

static void *worker(void *arg) {
    job *j = (job *)arg;
    int round;
    for (round = 0; round < ROUNDS; round++) {
        phiredact_string out;
        phiredact_findings *f = NULL;
        phiredact_stream *s = NULL;
        size_t at = 0, chunk = (size_t)(j->id * 7 + round) % 97 + 1;
        char *joined = malloc(j->want->len + 1);
        size_t joined_len = 0;
        if (phiredact_redact(j->r, H_SAMPLE, sizeof H_SAMPLE - 1, &out) != PHIREDACT_STATUS_OK ||
            out.len != j->want->len || memcmp(out.data, j->want->data, out.len) != 0) {
            j->failures++;
        }
        phiredact_string_free(&out);
        if (phiredact_find(j->r, H_SAMPLE, sizeof H_SAMPLE - 1, &f) != PHIREDACT_STATUS_OK ||
            phiredact_findings_len(f) != j->want_findings) {
            j->failures++;
        }
        phiredact_findings_free(f);
        /* A stream per thread, from the shared redactor. */
        if (phiredact_stream_new(j->r, &s) != PHIREDACT_STATUS_OK || joined == NULL) {
            j->failures++;
            free(joined);
            continue;
        }
        while (at < sizeof H_SAMPLE - 1) {
            size_t n = sizeof H_SAMPLE - 1 - at < chunk ? sizeof H_SAMPLE - 1 - at : chunk;
            if (phiredact_stream_write(s, H_SAMPLE + at, n, &out) != PHIREDACT_STATUS_OK ||
                joined_len + out.len > j->want->len) {
                j->failures++;
            } else {
                memcpy(joined + joined_len, out.data, out.len);
                joined_len += out.len;
            }
            phiredact_string_free(&out);
            at += n;
        }
        if (phiredact_stream_finish(s, &out) != PHIREDACT_STATUS_OK ||
            joined_len + out.len != j->want->len) {
            j->failures++;
        } else {
            memcpy(joined + joined_len, out.data, out.len);
            if (memcmp(joined, j->want->data, j->want->len) != 0) j->failures++;
        }
        phiredact_string_free(&out);
        phiredact_stream_free(s);
        free(joined);
        /* Last errors are per thread: this thread's failure names this thread's problem. */
        if (j->id % 2 == 0) {
            if (phiredact_redact(j->r, NULL, 1, &out) != PHIREDACT_STATUS_INVALID_ARGUMENT ||
                strstr(phiredact_last_error(), "text") == NULL) {
                j->failures++;
            }
        } else if (phiredact_redact(j->r, "\xff", 1, &out) != PHIREDACT_STATUS_INVALID_UTF8 ||
                   strstr(phiredact_last_error(), "UTF-8") == NULL) {
            j->failures++;
        }
    }
    return NULL;
}

static void test_shared_redactor(void) {
    phiredact_redactor *r = NULL;
    phiredact_string want;
    phiredact_findings *f = NULL;
    pthread_t threads[THREADS];
    job jobs[THREADS];
    int i;
    CHECK_STATUS(phiredact_redactor_new(NULL, &r), PHIREDACT_STATUS_OK);
    CHECK_STATUS(phiredact_redact(r, H_SAMPLE, sizeof H_SAMPLE - 1, &want), PHIREDACT_STATUS_OK);
    CHECK(strstr(want.data, "123-45-6789") == NULL && strstr(want.data, "[SSN]") != NULL);
    CHECK_STATUS(phiredact_find(r, H_SAMPLE, sizeof H_SAMPLE - 1, &f), PHIREDACT_STATUS_OK);
    for (i = 0; i < THREADS; i++) {
        jobs[i].r = r;
        jobs[i].want = &want;
        jobs[i].want_findings = phiredact_findings_len(f);
        jobs[i].id = i;
        jobs[i].failures = 0;
        CHECK(pthread_create(&threads[i], NULL, worker, &jobs[i]) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(jobs[i].failures == 0);
    }
    phiredact_findings_free(f);
    phiredact_string_free(&want);
    phiredact_redactor_free(r);
    /* The main thread made no failing call: its last error is still empty. */
    CHECK(strcmp(phiredact_last_error(), "") == 0);
}

static void test_random_is_used(void) {
    /* Keeps every harness helper referenced under -Werror. */
    CHECK(h_rand_below(10) < 10);
}

int main(void) {
    RUN(test_shared_redactor);
    RUN(test_random_is_used);
    return h_finish("test_threads");
}
