// crossmem-mpi-pingpong: the MPI ping-pong crossmem-tune --verify runs under mpirun with 2 ranks,
// and the MPI_Reduce anchor crossmem-tune --reduce-anchor runs under mpirun with 2 or more.
//
//   crossmem-mpi-pingpong SIZE ITERATIONS REPETITIONS
//   crossmem-mpi-pingpong reduce SIZE ITERATIONS REPETITIONS
//
// Rank 0 sends SIZE bytes to rank 1, which sends them back; up to ITERATIONS round trips make one
// repetition. A warm-up of min(ITERATIONS, 64) round trips comes first and is discarded (vader
// sets up its fast boxes after 16 sends); it also checks that the bytes arrive intact and sets
// the round trips per repetition: ITERATIONS, or fewer when that would take more than 50 ms, so
// that a loaded host stays within its time.
// Rank 0 then prints one line per timed repetition:
//   oneway_ns <nanoseconds>
// one-way time = half the mean round trip (OSU convention).
//
// reduce: MPI_Reduce(MPI_IN_PLACE at rank 0, SIZE / 8 doubles, MPI_SUM, root 0), the shape of
// crossmem-bench's reduce workload: rank 0's vector is the accumulator. Every element is a small
// integer, so the sum is exact in any order; the warm-up checks it. Same warm-up and repetition
// rules as the ping-pong; rank 0 prints one line per timed repetition:
//   reduce_ns <nanoseconds>
// the mean time per MPI_Reduce on rank 0's clock, from a barrier to the end of its last reduce.
//
// Exit status 0 on success, 1 when the payload arrived corrupted (or the sum is wrong), 2 on bad
// arguments.
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

// Element i of rank r's vector: an integer in [-1000, 1000].
double reduce_value(int r, std::size_t i) {
  const std::size_t k = (i * 2654435761u + static_cast<std::size_t>(r) * 40503u) % 2001u;
  return static_cast<double>(static_cast<long long>(k) - 1000);
}

// Repetitions of MPI_Reduce, summing doubles in place at rank 0.
int reduce_main(int rank, int ranks, int argc, char** argv) {
  long long size = 0, iterations = 0, repetitions = 0;
  if (argc != 5 || ranks < 2 || !parse_count(argv[2], 8, 1LL << 30, size) || size % 8 != 0 ||
      !parse_count(argv[3], 1, 1000000, iterations) ||
      !parse_count(argv[4], 1, 1000, repetitions)) {
    if (rank == 0) {
      std::fprintf(stderr,
                   "usage: mpirun -np N crossmem-mpi-pingpong reduce SIZE ITERATIONS REPETITIONS "
                   "(N >= 2, SIZE a multiple of 8)\n");
    }
    return 2;
  }
  const auto count = static_cast<std::size_t>(size / 8);
  std::vector<double> vec(count);
  auto fill = [&] {
    for (std::size_t i = 0; i < count; ++i) vec[i] = reduce_value(rank, i);
  };
  auto reduce = [&] {
    if (rank == 0) {
      MPI_Reduce(MPI_IN_PLACE, vec.data(), static_cast<int>(count), MPI_DOUBLE, MPI_SUM, 0,
                 MPI_COMM_WORLD);
    } else {
      MPI_Reduce(vec.data(), nullptr, static_cast<int>(count), MPI_DOUBLE, MPI_SUM, 0,
                 MPI_COMM_WORLD);
    }
  };

  // The first reduce is checked; the warm-up then sets the reduces per repetition.
  fill();
  MPI_Barrier(MPI_COMM_WORLD);
  reduce();
  int exact = 1;
  if (rank == 0) {
    for (std::size_t i = 0; i < count && exact; ++i) {
      double want = 0;
      for (int r = 0; r < ranks; ++r) want += reduce_value(r, i);
      exact = vec[i] == want ? 1 : 0;
    }
  }
  MPI_Bcast(&exact, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (!exact) {
    if (rank == 0) std::fprintf(stderr, "MPI_Reduce of %lld bytes gave a wrong sum\n", size);
    return 1;
  }
  const long long warmup = std::min(iterations, 64LL);
  auto warm_start = std::chrono::steady_clock::now();
  for (long long i = 0; i < warmup; ++i) reduce();
  double warm_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - warm_start).count();
  long long per_repetition = iterations;
  if (rank == 0) {
    auto fit = static_cast<long long>(kRepetitionSeconds /
                                      std::max(warm_seconds / static_cast<double>(warmup), 1e-9));
    per_repetition = std::clamp(fit, 1LL, iterations);
  }
  MPI_Bcast(&per_repetition, 1, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
  for (long long r = 0; r < repetitions; ++r) {
    MPI_Barrier(MPI_COMM_WORLD);
    auto start = std::chrono::steady_clock::now();
    for (long long i = 0; i < per_repetition; ++i) reduce();
    auto stop = std::chrono::steady_clock::now();
    if (rank == 0) {
      double ns = std::chrono::duration<double, std::nano>(stop - start).count();
      std::printf("reduce_ns %.3f\n", ns / static_cast<double>(per_repetition));
    }
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  if (argc > 1 && std::strcmp(argv[1], "reduce") == 0) {
    int status = reduce_main(rank, ranks, argc, argv);
    MPI_Finalize();
    return status;
  }

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
