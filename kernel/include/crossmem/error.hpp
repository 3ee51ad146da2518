// The three kinds of failure crossmem distinguishes.
//
// - Unsupported: the mechanism cannot run on this machine (a result, not a crash). Carries the
// reason
//   and, where one exists, a remedy. Benchmarks record it and skip.
// - InvalidInput: the user asked for something that makes no sense. Commands print it and exit 2.
// - SystemError: a call that should have worked failed. Carries errno and what was being done.
#pragma once

#include <stdexcept>
#include <string>

namespace crossmem {

class Unsupported : public std::runtime_error {
 public:
  Unsupported(std::string reason, std::string remedy = {})
      : std::runtime_error(reason), reason_(std::move(reason)), remedy_(std::move(remedy)) {}
  const std::string& reason() const { return reason_; }
  const std::string& remedy() const { return remedy_; }

 private:
  std::string reason_;
  std::string remedy_;
};

class InvalidInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SystemError : public std::runtime_error {
 public:
  // `what_doing` reads as a verb phrase: "process_vm_readv from pid 42".
  SystemError(int err, const std::string& what_doing);
  int code() const { return err_; }

 private:
  int err_;
};

// Throws SystemError(errno, what_doing). For use right after a failed call.
[[noreturn]] void throw_errno(const std::string& what_doing);

}  // namespace crossmem
