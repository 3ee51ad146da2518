// The MPI stacks crossmem knows: their parameters for intra-node messages, the defaults those
// parameters ship with, and the releases these facts were checked against. The doctor
// (predict_mpi) explains what each stack chooses on a host; the tuner sets each stack's parameters
// from one measured decision, by the rules of this table.
//
// Adding a stack: one row in stacks() (src/mpi_stacks.cpp) and a prediction in the doctor
// (kernel/doctor/src/mpi.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crossmem::mpi {

// Stack ids (TunedSetting::stack).
inline constexpr const char* kOpenMpi41 = "openmpi-4.1";
inline constexpr const char* kOpenMpi5 = "openmpi-5";
inline constexpr const char* kMpich = "mpich";
inline constexpr const char* kUcx = "ucx";
inline constexpr const char* kMvapich2 = "mvapich2";

// Open MPI 4.1 vader (btl_vader_component.c) and 5.0 btl sm defaults without xpmem.
inline constexpr std::uint64_t kOpenMpiEagerLimit = 4096;
inline constexpr std::uint64_t kOpenMpiMaxSendSize = 32768;
// MPICH ch4 IPC CMA threshold: 16384 in 4.2-4.3 (CMA off by default), 8192 in 5.0 (on).
inline constexpr std::uint64_t kMpich42CmaThreshold = 16384;
inline constexpr std::uint64_t kMpich5CmaThreshold = 8192;
inline constexpr std::uint64_t kMpich5XpmemThreshold = 65536;
inline constexpr std::uint64_t kMpich5CellSize = 8192;  // MPIR_CVAR_CH4_SHM_POSIX_IQUEUE_CELL_SIZE
// Debian 12's packages.
inline constexpr const char* kDebianUcx = "1.13.1";
inline constexpr const char* kDebianMpich = "4.0.2";

// What the tuner sets a parameter from: the measured decision, one field of it per kind.
enum class Source {
  mechanism,      // single copy wins / double copy wins / undecided: `on`, `off`, the default
  eager_limit,    // the crossover threshold as vader's eager limit (within its fragment limits)
  max_send,       // the best shm-copy fragment as vader's max-send size
  threshold,      // the crossover threshold itself, after `prefix`
  cma_bandwidth,  // cma-read's bandwidth at the largest size, in UCX's MBs (2^20 bytes)
  rndv_scheme,    // which side of a CMA rendezvous copies: `on` sender (write), `off` receiver
};

struct Parameter {
  std::string name;
  Source source;
  std::string fallback;       // the stack's default: the value when measurements decide nothing
  std::string fallback_text;  // how the default is described ("4096", "chosen by priority ...")
  std::string on;        // mechanism: the value for single copy ("" keeps the default); rndv: put
  std::string off;       // mechanism: the value for double copy; rndv: get
  std::string on_note;   // added to the reason when `on` (or a threshold) is set
  std::string off_note;  // added to the reason when `off` is set
  std::string prefix;    // threshold: written before the number ("intra:")
};

struct Stack {
  std::string id;                     // kOpenMpi41, ...
  std::string title;                  // for people: "Open MPI 4.1 (pml ob1, btl vader)"
  bool env_commented;                 // the tuner's env file writes the stack's lines commented out
  std::string checked;                // the releases the facts were checked against
  std::vector<Parameter> parameters;  // what the tuner sets, in output order
};

// Every stack, in the tuner's output order.
const std::vector<Stack>& stacks();

// The stack `id`, and its parameter `name`; throw std::out_of_range when absent.
const Stack& stack(std::string_view id);
const Parameter& parameter(std::string_view stack_id, std::string_view name);

}  // namespace crossmem::mpi
