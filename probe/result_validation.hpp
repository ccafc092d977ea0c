// The result reader's guard against hostile files: the document is parsed with a nesting
// cap and checked field by field against schema 1.x before anything is read out of it, so
// the reader (result_io.cpp) never meets a wrong type, a negative or overflowing count, a
// NaN or infinite figure, or a future major version. Every refusal names the JSON pointer
// (/devices/0/kernels/3/points/2/sample_seconds/4) and the reason in plain words; no
// library internals, no long quotes, no raw control characters.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace gpuprobe {

// Containers nest 8 deep in schema 1.x (/backends/0/devices/0/info/0 is the deepest);
// twice that leaves room for what minor versions add and stops a [[[[...]]]] bomb early.
inline constexpr int kMaxResultNesting = 16;

// Throws std::runtime_error: "not valid JSON at line 3, column 7: ..." (shortened, no
// library prefix) or "nested deeper than ...".
nlohmann::json parse_result_json(const std::string& text);

// Throws std::runtime_error "at /pointer: what is wrong" for the first violation.
void check_result_document(const nlohmann::json& doc);

// A library exception's message without its "[json.exception.type_error.304] " tag,
// shortened and escaped: for errors the checks above did not foresee.
std::string plain_library_message(const std::exception& e);

}  // namespace gpuprobe
