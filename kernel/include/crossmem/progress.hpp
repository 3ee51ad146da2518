// Progress of a long run on a stream (stderr by default). On a terminal: one line rewritten in
// place, "TITLE done/total, elapsed m:ss, ~m:ss left: CURRENT", cut to the terminal's width.
// Elsewhere (CI logs, pipes): nothing per step and one line per finished group, with the same
// counts. Times come from the monotonic clock; the estimate is elapsed / done x (total - done).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace crossmem {

class Progress {
 public:
  enum class Mode { automatic, live, lines };

  // automatic: live when `out` is a terminal, lines otherwise.
  Progress(std::string title, std::size_t total, std::FILE* out = stderr,
           Mode mode = Mode::automatic);
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  ~Progress();

  // `done` of `total` finished, `current` running now: redraws the live line.
  void step(std::size_t done, const std::string& current);
  // A group of steps finished (e.g. one strategy's sizes): its own line when not live.
  void group(std::size_t done, const std::string& what);
  // Clears the live line and prints `line` (if not empty); later calls print nothing.
  void finish(const std::string& line);

  bool live() const { return live_; }
  double elapsed_seconds() const;
  // "0:07", "12:30", "1:02:03".
  static std::string clock(double seconds);
  // "TITLE done/total, elapsed m:ss, ~m:ss left" (no estimate before the first step).
  std::string counts(std::size_t done) const;

 private:
  void clear();

  std::string title_;
  std::size_t total_;
  std::FILE* out_;
  bool live_;
  bool drawn_ = false;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace crossmem
