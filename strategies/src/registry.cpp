// The strategy table: one row per strategy. `crossmem-bench --list` prints it in this order.
#include <array>
#include <charconv>

#include "crossmem/error.hpp"
#include "crossmem/strategy.hpp"

namespace crossmem {

extern const Strategy memcpy_strategy;
extern const Strategy shared_map_strategy;
extern const Strategy shm_copy_strategy;
extern const Strategy pipe_strategy;
extern const Strategy vmsplice_strategy;
extern const Strategy proc_mem_read_strategy;
extern const Strategy proc_mem_write_strategy;
extern const Strategy cma_read_strategy;
extern const Strategy cma_write_strategy;
extern const Strategy cma_reduce_strategy;

namespace {

const std::array<const Strategy*, 10> kTable = {
    &memcpy_strategy,          // reference: the copy ceiling, one process
    &shared_map_strategy,      // reference: single copy without the kernel
    &pipe_strategy,            // reference: write + read through a pipe
    &shm_copy_strategy,        // double copy through a shared-memory ring
    &vmsplice_strategy,        // vmsplice pages into a pipe + read
    &proc_mem_read_strategy,   // pread of /proc/PID/mem (pull)
    &proc_mem_write_strategy,  // pwrite of /proc/PID/mem (push)
    &cma_read_strategy,        // process_vm_readv (pull)
    &cma_write_strategy,       // process_vm_writev (push)
    &cma_reduce_strategy,      // process_vm_readv + reduce flags (patched kernel; reduce only)
};

}  // namespace

std::span<const Strategy* const> all_strategies() {
  return kTable;
}

const Strategy* find_strategy(std::string_view name) {
  for (const Strategy* s : kTable) {
    if (s->name == name) return s;
  }
  return nullptr;
}

Params parse_params(const Strategy& strategy, const std::vector<std::string>& settings) {
  std::map<std::string, std::uint64_t> values;
  for (const std::string& item : settings) {
    auto eq = item.find('=');
    if (eq == std::string::npos) {
      throw InvalidInput("tunable '" + item + "' for " + std::string(strategy.name) +
                         " must look like name=value");
    }
    std::string name = item.substr(0, eq);
    const Tunable* found = nullptr;
    for (const Tunable& t : strategy.tunables) {
      if (t.name == name) found = &t;
    }
    if (!found) {
      throw InvalidInput("strategy " + std::string(strategy.name) + " has no tunable '" + name +
                         "'");
    }
    std::string text = item.substr(eq + 1);
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      throw InvalidInput("tunable " + name + "='" + text + "' is not a whole number");
    }
    if (v < found->min || v > found->max) {
      throw InvalidInput("tunable " + name + "=" + text + " is outside [" +
                         std::to_string(found->min) + ", " + std::to_string(found->max) + "]");
    }
    values[name] = v;
  }
  return Params(std::move(values));
}

std::map<std::string, std::uint64_t> effective_params(const Strategy& strategy,
                                                      const Params& params) {
  std::map<std::string, std::uint64_t> out;
  for (const Tunable& t : strategy.tunables) out[std::string(t.name)] = params.get(t);
  return out;
}

}  // namespace crossmem
