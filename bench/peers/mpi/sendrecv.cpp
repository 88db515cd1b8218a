// The MPI peer of bench/netchan.cpp: rank 0 sends N messages of SIZE bytes to rank 1, with
// MPI_Ssend (completes when the receive has started: the rendezvous) or MPI_Send (eager for small
// messages: the throughput peer). Prints microseconds per send and MB/s.
//   mpirun -np 2 sendrecv ssend|send SIZE N
#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const bool sync = argc > 1 && std::strcmp(argv[1], "ssend") == 0;
  const int size = argc > 2 ? std::atoi(argv[2]) : 8;
  const long n = argc > 3 ? std::atol(argv[3]) : 20000;
  std::vector<char> buf(std::size_t(size), 1);
  MPI_Barrier(MPI_COMM_WORLD);
  const double t0 = MPI_Wtime();
  for (long i = 0; i < n; ++i) {
    if (rank == 0) {
      if (sync) MPI_Ssend(buf.data(), size, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
      else MPI_Send(buf.data(), size, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
    } else {
      MPI_Recv(buf.data(), size, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    }
  }
  MPI_Barrier(MPI_COMM_WORLD);  // the last message has arrived
  const double s = MPI_Wtime() - t0;
  if (rank == 0)
    std::printf("mpi %s %d bytes: %.2f us/send, %.1f MB/s (%ld sends)\n", sync ? "ssend" : "send", size, s * 1e6 / double(n),
                double(n) * size / s / 1e6, n);
  MPI_Finalize();
  return 0;
}
