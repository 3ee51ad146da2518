// index.html: one self-contained page (inline CSS, plots inlined as base64 PNG).
#pragma once

#include <filesystem>
#include <string>

#include "model.hpp"
#include "plots.hpp"

namespace crossmem::report {

// Renders the page. Plot images are read from `plot_dir`.
// Throws SystemError when a plot file cannot be read.
std::string render_html(const Model& model, const Plots& plots,
                        const std::filesystem::path& plot_dir);

}  // namespace crossmem::report
