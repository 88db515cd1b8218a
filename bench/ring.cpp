// A ring of N Transit processes passing a token: how many bytes a live process costs and how long one hop
// takes when the ring no longer fits in the caches (bench/README.md, section 20-ring; Go peer peers/go/ring.go).
//
// Process 0 injects the token and takes it back after each lap; every other process forwards it, adding one.
// After the first lap every process has run and waits on its input again, so the resident set then holds N live
// processes: bytes/process = (RSS then - RSS before creating anything) / N. The laps after the first are timed.
#include <transit/transit.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

// The resident set size, from /proc/self/statm (second field, in pages).
std::int64_t resident_bytes()
{
    std::FILE* statm = std::fopen("/proc/self/statm", "r");
    long size = 0;
    long resident = 0;
    if (statm == nullptr || std::fscanf(statm, "%ld %ld", &size, &resident) != 2) {
        std::perror("ring: /proc/self/statm");
        std::exit(1);
    }
    std::fclose(statm);
    return std::int64_t(resident) * sysconf(_SC_PAGESIZE);
}

double nanoseconds(Clock::duration d)
{
    return std::chrono::duration<double, std::nano>(d).count();
}

struct Figures {
    std::int64_t before = 0;  // resident bytes before the ring exists
    std::int64_t live = 0;    // resident bytes with every process live
    Clock::duration created{};
    Clock::duration laps{};
    long token = 0;
};

transit::Proc member(int laps, transit::Channel<long>& in, transit::Channel<long>& out)
{
    long token = 0;
    for (int lap = 0; lap < laps; ++lap) {
        co_await in.recv(token);
        co_await out.send(token + 1);
    }
}

transit::Proc injector(int laps, transit::Channel<long>& in, transit::Channel<long>& out, Figures& figures)
{
    co_await out.send(0);
    long token = co_await in.recv();
    figures.live = resident_bytes();
    auto start = Clock::now();
    for (int lap = 1; lap < laps; ++lap) {
        co_await out.send(token);
        token = co_await in.recv();
    }
    figures.laps = Clock::now() - start;
    figures.token = token;
}

// Processes 1..n-1: links[i] goes into process i.
transit::Proc members(long n, int laps, transit::Channel<long>* links, Clock::time_point start, Figures& figures)
{
    transit::par_for branches(1L, n, [&](long i) { return member(laps, links[i], links[(i + 1) % n]); });
    figures.created = Clock::now() - start;
    co_await branches;
}

transit::Proc ring(long n, int laps, Figures& figures)
{
    figures.before = resident_bytes();
    auto start = Clock::now();
    auto links = std::make_unique<transit::Channel<long>[]>(std::size_t(n));
    co_await transit::par(injector(laps, links[0], links[1], figures), members(n, laps, links.get(), start, figures));
}

[[noreturn]] void usage()
{
    std::fprintf(stderr, "usage: ring [--processes N>=2] [--laps L>=2] [--threads T]\n");
    std::exit(2);
}

} // namespace

int main(int argc, char** argv)
{
    long n = 1000;
    int laps = 10;
    unsigned threads = 1;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (i + 1 == argc)
            usage();
        if (arg == "--processes")
            n = std::strtol(argv[++i], nullptr, 10);
        else if (arg == "--laps")
            laps = int(std::strtol(argv[++i], nullptr, 10));
        else if (arg == "--threads")
            threads = unsigned(std::strtoul(argv[++i], nullptr, 10));
        else
            usage();
    }
    if (n < 2 || laps < 2)
        usage();

    Figures figures;
    int status = transit::run(ring(n, laps, figures), {.threads = threads});
    if (status != transit::exit_ok)
        return status;
    if (long expected = long(laps) * (n - 1); figures.token != expected) {
        std::fprintf(stderr, "ring: token is %ld after %d laps, expected %ld\n", figures.token, laps, expected);
        return 1;
    }
    double hops = double(laps - 1) * double(n);
    std::printf("ring %ld transit: %.0f bytes/process, %.1f ns/hop, %.1f ns/process created\n", n,
                double(figures.live - figures.before) / double(n), nanoseconds(figures.laps) / hops,
                nanoseconds(figures.created) / double(n));
}
