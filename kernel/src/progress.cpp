#include "crossmem/progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <utility>

namespace crossmem {
namespace {

std::size_t terminal_width(std::FILE* out) {
  winsize ws{};
  if (::ioctl(::fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

Progress::Progress(std::string title, std::size_t total, std::FILE* out, Mode mode)
    : title_(std::move(title)),
      total_(total),
      out_(out),
      live_(mode == Mode::live || (mode == Mode::automatic && ::isatty(::fileno(out)) == 1)),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  clear();
}

std::string Progress::clock(double seconds) {
  if (seconds < 0) seconds = 0;
  auto s = static_cast<long long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
  }
  return buf;
}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string Progress::counts(std::size_t done) const {
  double elapsed = elapsed_seconds();
  std::string text = title_ + " " + std::to_string(done) + "/" + std::to_string(total_) +
                     ", elapsed " + clock(elapsed);
  if (done > 0 && done <= total_) {
    double left = elapsed / static_cast<double>(done) * static_cast<double>(total_ - done);
    text += ", ~" + clock(left) + " left";
  }
  return text;
}

void Progress::step(std::size_t done, const std::string& current) {
  if (!live_ || finished_) return;
  std::string line = counts(done);
  if (!current.empty()) line += ": " + current;
  std::size_t width = terminal_width(out_);
  if (line.size() >= width) line.resize(width - 1);
  std::fprintf(out_, "\r\033[K%s", line.c_str());
  std::fflush(out_);
  drawn_ = true;
}

void Progress::group(std::size_t done, const std::string& what) {
  if (live_ || finished_) return;
  std::fprintf(out_, "%s: %s\n", counts(done).c_str(), what.c_str());
  std::fflush(out_);
}

void Progress::clear() {
  if (drawn_) {
    std::fprintf(out_, "\r\033[K");
    std::fflush(out_);
    drawn_ = false;
  }
}

void Progress::finish(const std::string& line) {
  if (finished_) return;
  clear();
  finished_ = true;
  if (!line.empty()) {
    std::fprintf(out_, "%s\n", line.c_str());
    std::fflush(out_);
  }
}

}  // namespace crossmem
