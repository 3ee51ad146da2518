// The tuner's files: tuned.conf (mca-params.conf lines), tuned.env (environment lines), the
// `mpirun --mca` flags, and writing them next to tuned.json / verify.json.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "crossmem/results/extras.hpp"

namespace crossmem::tune {

// `name = value` lines for Open MPI 4.1's mca-params.conf, each preceded by "# <reason>".
// Settings that keep a default are written commented out; the Open MPI 5 settings follow as a
// commented section. Every line that is neither blank nor a comment has the form `name = value`.
std::string render_conf(const results::Tuned& tuned, const std::string& source_note);

// Shell lines (`export NAME=value`) for every stack: Open MPI 4.1 as OMPI_MCA_<name>, Open MPI 5
// commented out (same prefix), MPICH, UCX and MVAPICH2 as their own variables. Settings that keep a
// default are commented out.
std::string render_env(const results::Tuned& tuned, const std::string& source_note);

// `--mca NAME VALUE` for the settings of `stack`; with `changed_only`, settings that keep a
// default are left out.
std::vector<std::string> mca_flags(const results::Tuned& tuned, const std::string& stack,
                                   bool changed_only);

// "report" next to the first input (the directory crossmem-report uses by default).
std::filesystem::path default_output_dir(const std::filesystem::path& first_input);

// Writes `files` (name, content) into `dir`. Each file goes to a temporary name first and all are
// renamed into place only when every one was written; on failure nothing new is left behind.
// A missing `dir` is created together with crossmem-report's marker file, so that the report can
// later replace the directory and carry tuned.json / verify.json over.
// Throws InvalidInput when `dir` exists and is not a directory, SystemError when writing fails.
void write_files(const std::filesystem::path& dir,
                 const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace crossmem::tune
