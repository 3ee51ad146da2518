#include "outputs.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>

#include "crossmem/error.hpp"
#include "tune.hpp"

namespace crossmem::tune {

namespace fs = std::filesystem;

namespace {

// crossmem-report's marker (reports/report/src/staging.hpp): a directory holding it may be
// replaced by the next report, which keeps tuned.json, verify.json, tuned.conf and tuned.env.
constexpr const char* kReportMarker = ".crossmem-report";

std::string one_line(std::string text) {
  for (auto& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

bool shell_safe(const std::string& value) {
  if (value.empty()) return false;
  for (char c : value) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == ':' || c == ',' || c == '^' || c == '-' || c == '/';
    if (!ok) return false;
  }
  return true;
}

std::string shell_quote(const std::string& value) {
  if (shell_safe(value)) return value;
  std::string out = "'";
  for (char c : value) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string env_name(const results::TunedSetting& s) {
  if (s.stack == kOpenMpi41 || s.stack == kOpenMpi5) return "OMPI_MCA_" + s.name;
  return s.name;
}

}  // namespace

std::string render_conf(const results::Tuned& tuned, const std::string& source_note) {
  std::string out =
      "# Open MPI 4.1 MCA parameters (pml ob1, btl vader) from crossmem-tune.\n"
      "# Measured on: " +
      one_line(source_note) +
      "\n"
      "# Append to $HOME/.openmpi/mca-params.conf or <prefix>/etc/openmpi-mca-params.conf.\n"
      "# Lines that keep a default are commented out.\n";
  auto flags = mca_flags(tuned, kOpenMpi41, true);
  if (!flags.empty()) {
    std::string line = "# Same on the command line: mpirun";
    for (const auto& f : flags) line += " " + f;
    out += line + "\n";
  }
  for (const auto& s : tuned.settings) {
    if (s.stack != kOpenMpi41) continue;
    out += "\n# " + one_line(s.reason) + "\n";
    out += (is_default_kept(s) ? "# " : "") + s.name + " = " + s.value + "\n";
  }
  bool any5 = false;
  for (const auto& s : tuned.settings) {
    if (s.stack != kOpenMpi5) continue;
    if (!any5) {
      out += "\n# Open MPI 5 (btl sm + smsc): use these instead of the lines above.\n";
      any5 = true;
    }
    out += "#   " + s.name + " = " + s.value + "    (" + one_line(s.reason) + ")\n";
  }
  return out;
}

std::string render_env(const results::Tuned& tuned, const std::string& source_note) {
  std::string out =
      "# Environment settings from crossmem-tune; source this file before mpirun / mpiexec.\n"
      "# Measured on: " +
      one_line(source_note) +
      "\n"
      "# Lines that keep a default are commented out.\n";
  for (const mpi::Stack& section : mpi::stacks()) {
    bool first = true;
    for (const auto& s : tuned.settings) {
      if (s.stack != section.id) continue;
      if (first) {
        out += "\n# " + section.title + "\n";
        first = false;
      }
      out += "# " + one_line(s.reason) + "\n";
      bool off = section.env_commented || is_default_kept(s);
      out += (off ? "# " : "") + std::string("export ") + env_name(s) + "=" + shell_quote(s.value) +
             "\n";
    }
  }
  return out;
}

std::vector<std::string> mca_flags(const results::Tuned& tuned, const std::string& stack,
                                   bool changed_only) {
  std::vector<std::string> out;
  for (const auto& s : tuned.settings) {
    if (s.stack != stack || (changed_only && is_default_kept(s))) continue;
    out.insert(out.end(), {"--mca", s.name, s.value});
  }
  return out;
}

fs::path default_output_dir(const fs::path& first_input) {
  fs::path parent = fs::absolute(first_input).parent_path();
  return parent / "report";
}

void write_files(const fs::path& dir,
                 const std::vector<std::pair<std::string, std::string>>& files) {
  std::error_code ec;
  auto status = fs::status(dir, ec);
  bool created = false;
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) {
      throw InvalidInput("output " + dir.string() + " exists and is not a directory");
    }
  } else {
    fs::create_directories(dir, ec);
    if (ec) throw SystemError(ec.value(), "creating " + dir.string());
    created = true;
  }

  std::vector<std::pair<fs::path, fs::path>> staged;  // temporary, final
  auto discard = [&] {
    std::error_code ignored;
    for (const auto& [tmp, final_path] : staged) fs::remove(tmp, ignored);
    if (created) fs::remove_all(dir, ignored);
  };
  auto all = files;
  if (created) {
    all.emplace_back(kReportMarker,
                     "written by crossmem-tune; crossmem-report may replace this directory and "
                     "keeps tuned.json, verify.json, tuned.conf and tuned.env\n");
  }
  for (const auto& [name, text] : all) {
    std::string pattern = (dir / ("." + name + ".tmp-XXXXXX")).string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    int fd = mkstemp(buf.data());
    if (fd < 0) {
      int err = errno;
      discard();
      throw SystemError(err, "creating a temporary file in " + dir.string());
    }
    staged.emplace_back(fs::path(buf.data()), dir / name);
    std::size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        int err = n < 0 ? errno : EIO;
        ::close(fd);
        discard();
        throw SystemError(err, "writing " + (dir / name).string());
      }
      done += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0 || ::close(fd) != 0) {
      int err = errno;
      discard();
      throw SystemError(err, "writing " + (dir / name).string());
    }
  }
  for (const auto& [tmp, final_path] : staged) {
    if (std::rename(tmp.c_str(), final_path.c_str()) != 0) {
      int err = errno;
      discard();
      throw SystemError(err, "moving " + tmp.string() + " to " + final_path.string());
    }
  }
}

}  // namespace crossmem::tune
