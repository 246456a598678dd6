// The header compiles as C++17 with strict warnings, twice included (include guard), and
// works with RAII wrappers. Built by tests/c/run.sh with g++ -std=c++17 -Wall -Wextra -Werror.
#include "phiredact.h"
#include "phiredact.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>

namespace {

struct redactor_deleter {
    void operator()(phiredact_redactor *r) const noexcept { phiredact_redactor_free(r); }
};
using redactor_ptr = std::unique_ptr<phiredact_redactor, redactor_deleter>;

// Owns a phiredact_string; moves the bytes into a std::string.
std::string take(phiredact_string &s) {
    std::string out(s.data, s.len);
    phiredact_string_free(&s);
    return out;
}

int failures = 0;
void check(bool ok, const char *what) {
    if (!ok) {
        ++failures;
        std::fprintf(stderr, "  CHECK failed: %s (last error: %s)\n", what, phiredact_last_error());
    }
}

}  // namespace

int main() {
    static_assert(std::is_same<std::underlying_type<phiredact_status>::type, uint32_t>::value,
                  "phiredact_status is a uint32_t enum");
    static_assert(PHIREDACT_LABEL_SSN == 4, "stable label codes");

    phiredact_redactor *raw = nullptr;
    check(phiredact_redactor_new(nullptr, &raw) == PHIREDACT_STATUS_OK, "redactor_new");
    redactor_ptr r(raw);

    const std::string text = "Pt Maria Lopez, SSN 123-45-6789.";
    const char *names[] = {"Maria Lopez"};
    phiredact_string out{};
    check(phiredact_redact_with_names(r.get(), text.data(), text.size(), names, 1, &out) ==
              PHIREDACT_STATUS_OK,
          "redact_with_names");
    check(take(out) == "Pt [NAME], SSN [SSN].", "redacted text");

    phiredact_findings *f = nullptr;
    check(phiredact_find(r.get(), text.data(), text.size(), &f) == PHIREDACT_STATUS_OK, "find");
    phiredact_finding one{};
    check(phiredact_findings_get(f, phiredact_findings_len(f) - 1, &one) == PHIREDACT_STATUS_OK,
          "findings_get");
    check(one.label == PHIREDACT_LABEL_SSN, "label");
    check(std::strcmp(phiredact_label_name(one.label), "SSN") == 0, "label name");
    phiredact_findings_free(f);

    phiredact_stream *s = nullptr;
    check(phiredact_stream_new_with_names(r.get(), names, 1, &s) == PHIREDACT_STATUS_OK,
          "stream_new_with_names");
    std::string streamed;
    for (char c : text) {
        check(phiredact_stream_write(s, &c, 1, &out) == PHIREDACT_STATUS_OK, "stream_write");
        streamed += take(out);
    }
    check(phiredact_stream_finish(s, &out) == PHIREDACT_STATUS_OK, "stream_finish");
    streamed += take(out);
    phiredact_stream_free(s);
    check(streamed == "Pt [NAME], SSN [SSN].", "streamed text");

    // Structured formats: the enum is a uint32_t enum in C++ too, usable as the out type of
    // phiredact_format_detect and as the code passed to phiredact_redact_format.
    static_assert(std::is_same<std::underlying_type<phiredact_format>::type, uint32_t>::value,
                  "phiredact_format is a uint32_t enum");
    const std::string hl7 = "MSH|^~\\&|A|B\rPID|1||||QUINTERO^ISADORA\rNTE|1||Isadora called\r";
    phiredact_format fmt = PHIREDACT_FORMAT_TEXT;
    check(phiredact_format_detect(hl7.data(), hl7.size(), &fmt) == PHIREDACT_STATUS_OK, "detect");
    check(fmt == PHIREDACT_FORMAT_HL7, "detected HL7");
    check(phiredact_redact_format(r.get(), fmt, hl7.data(), hl7.size(), &out) ==
              PHIREDACT_STATUS_OK,
          "redact_format");
    check(take(out) == "MSH|^~\\&|A|B\rPID|1||||[NAME]^[NAME]\rNTE|1||[NAME] called\r",
          "redacted HL7");

    check(phiredact_redactor_new("colour = 1", &raw) == PHIREDACT_STATUS_INVALID_POLICY,
          "invalid policy");
    check(raw == nullptr, "NULL on failure");

    std::printf("%s\n", failures == 0 ? "ok - test_cpp" : "not ok - test_cpp");
    std::printf("test_cpp: %d passed, %d failed\n", failures == 0 ? 1 : 0, failures == 0 ? 0 : 1);
    return failures == 0 ? 0 : 1;
}
