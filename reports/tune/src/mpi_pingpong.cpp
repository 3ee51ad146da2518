// crossmem-mpi-pingpong: the MPI ping-pong crossmem-tune --verify runs under mpirun with 2 ranks.
//
//   crossmem-mpi-pingpong SIZE ITERATIONS REPETITIONS
//
// Rank 0 sends SIZE bytes to rank 1, which sends them back; up to ITERATIONS round trips make one
// repetition. A warm-up of min(ITERATIONS, 64) round trips comes first and is discarded (vader
// sets up its fast boxes after 16 sends); it also checks that the bytes arrive intact and sets
// the round trips per repetition: ITERATIONS, or fewer when that would take more than 50 ms, so
// that a loaded host stays within its time.
// Rank 0 then prints one line per timed repetition:
//   oneway_ns <nanoseconds>
// one-way time = half the mean round trip (OSU convention). Exit status 0 on success, 1 when the
// payload arrived corrupted, 2 on bad arguments.
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

constexpr double kRepetitionSeconds = 0.05;

bool parse_count(const char* text, long long min, long long max, long long& out) {
  char* end = nullptr;
  long long v = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || v < min || v > max) return false;
  out = v;
  return true;
}

unsigned char pattern_byte(std::size_t i) {
  return static_cast<unsigned char>((i * 131u + 7u) & 0xffu);
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);

  long long size = 0, iterations = 0, repetitions = 0;
  if (argc != 4 || ranks != 2 || !parse_count(argv[1], 1, 1LL << 30, size) ||
      !parse_count(argv[2], 1, 1000000, iterations) ||
      !parse_count(argv[3], 1, 1000, repetitions)) {
    if (rank == 0) {
      std::fprintf(stderr,
                   "usage: mpirun -np 2 crossmem-mpi-pingpong SIZE ITERATIONS REPETITIONS\n");
    }
    MPI_Finalize();
    return 2;
  }
  const auto bytes = static_cast<std::size_t>(size);
  const int count = static_cast<int>(size);
  std::vector<unsigned char> send(bytes), recv(bytes, 0);
  for (std::size_t i = 0; i < bytes; ++i) send[i] = pattern_byte(i);
  const int peer = 1 - rank;

  auto round_trips = [&](long long n) {
    for (long long i = 0; i < n; ++i) {
      if (rank == 0) {
        MPI_Send(send.data(), count, MPI_BYTE, peer, 0, MPI_COMM_WORLD);
        MPI_Recv(recv.data(), count, MPI_BYTE, peer, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      } else {
        MPI_Recv(recv.data(), count, MPI_BYTE, peer, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Send(send.data(), count, MPI_BYTE, peer, 0, MPI_COMM_WORLD);
      }
    }
  };

  MPI_Barrier(MPI_COMM_WORLD);
  const long long warmup = std::min(iterations, 64LL);
  auto warm_start = std::chrono::steady_clock::now();
  round_trips(warmup);
  double warm_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - warm_start).count();
  long long per_repetition = iterations;
  if (rank == 0) {
    double per_round_trip = warm_seconds / static_cast<double>(warmup);
    auto fit = static_cast<long long>(kRepetitionSeconds / std::max(per_round_trip, 1e-9));
    per_repetition = std::clamp(fit, 1LL, iterations);
  }
  MPI_Bcast(&per_repetition, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  int intact = std::memcmp(send.data(), recv.data(), bytes) == 0 ? 1 : 0, all_intact = 0;
  MPI_Allreduce(&intact, &all_intact, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  if (!all_intact) {
    if (rank == 0) std::fprintf(stderr, "payload of %lld bytes arrived corrupted\n", size);
    MPI_Finalize();
    return 1;
  }

  for (long long r = 0; r < repetitions; ++r) {
    MPI_Barrier(MPI_COMM_WORLD);
    auto start = std::chrono::steady_clock::now();
    round_trips(per_repetition);
    auto stop = std::chrono::steady_clock::now();
    if (rank == 0) {
      double ns = std::chrono::duration<double, std::nano>(stop - start).count();
      std::printf("oneway_ns %.3f\n", ns / static_cast<double>(per_repetition) / 2.0);
    }
  }
  std::fflush(stdout);
  MPI_Finalize();
  return 0;
}
