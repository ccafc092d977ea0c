// Where a front-end may write its outputs (checked before a run, so a bad path costs no
// run) and how a whole output is written (so a failure never costs an earlier file).
//
// A regular file, or a name that does not exist yet, is replaced atomically: the text goes
// to a new temporary file in the same directory, is flushed to disk and renamed over the
// target; a reader (or a second run writing the same path) sees the old file or the new one,
// never a mixture, and a failure at any step leaves the old file as it was.
// A path in /dev or /proc (/dev/stdout, /dev/null, /dev/full), a character device or a FIFO
// cannot be renamed over: it is a stream, opened for appending and written once. A FIFO with
// no reader is an error, not a hang. Directories, sockets and block devices are refused.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gpuprobe {

enum class OutputKind { File, Stream };

// Checks without opening anything (a FIFO is never opened here, so this cannot block): the
// target is not a directory, its directory exists and is writable. `option` names the
// setting in messages ("--json"). Throws std::invalid_argument (a usage error) saying what
// is wrong and what to do.
OutputKind check_output_path(const std::string& option, const std::string& path);

// Throws std::invalid_argument when two outputs ({option, path}) name the same file, e.g.
// `--save X --screenshot X` (one would overwrite the other).
void check_distinct_outputs(const std::vector<std::pair<std::string, std::string>>& outputs);

// Writes `text` as described above. Throws std::runtime_error naming the path, the step that
// failed and the system's reason (strerror).
void write_output_file(const std::string& path, std::string_view text);

}  // namespace gpuprobe
