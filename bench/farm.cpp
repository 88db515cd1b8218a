// A farm of CPU-bound workers fed by channels: how much faster it runs on all cores than on one
// (bench/README.md, section 30-farm; Go peer peers/go/farm.go).
//
//   farmer -> jobs (OneToAny) -> worker x W -> results (AnyToOne) -> harvester
//
// The farmer hands out item numbers, then one stop marker per worker; each worker burns the same xorshift loop as
// the Go peer on its item and sends the result to the harvester, which adds them up. The checksum must match the
// Go peer's for the same --items and --work.
#include <transit/transit.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

using Clock = std::chrono::steady_clock;

constexpr long stop_marker = -1;

// The work of one item: `steps` rounds of xorshift64 from a seed made of the item number.
std::uint64_t burn(long item, long steps)
{
    std::uint64_t x = std::uint64_t(item) * 0x9E3779B97F4A7C15u + 1;
    for (long i = 0; i < steps; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

transit::Proc farmer(long items, long workers, transit::OneToAny<long>& jobs)
{
    for (long item = 0; item < items; ++item)
        co_await jobs.send(item);
    for (long w = 0; w < workers; ++w)
        co_await jobs.send(stop_marker);
}

transit::Proc worker(long steps, transit::OneToAny<long>& jobs, transit::AnyToOne<std::uint64_t>& results)
{
    for (;;) {
        long item = co_await jobs.recv();
        if (item == stop_marker)
            co_return;
        co_await results.send(burn(item, steps));
    }
}

transit::Proc workers(long count, long steps, transit::OneToAny<long>& jobs, transit::AnyToOne<std::uint64_t>& results)
{
    co_await transit::par_for(0L, count, [&](long) { return worker(steps, jobs, results); });
}

transit::Proc harvester(long items, transit::AnyToOne<std::uint64_t>& results, std::uint64_t& checksum)
{
    for (long i = 0; i < items; ++i)
        checksum += co_await results.recv();
}

transit::Proc farm(long items, long steps, long count, std::uint64_t& checksum, Clock::duration& elapsed)
{
    auto start = Clock::now();
    transit::OneToAny<long> jobs{"jobs"};
    transit::AnyToOne<std::uint64_t> results{"results"};
    co_await transit::par(farmer(items, count, jobs), workers(count, steps, jobs, results),
                          harvester(items, results, checksum));
    elapsed = Clock::now() - start;
}

[[noreturn]] void usage()
{
    std::fprintf(stderr, "usage: farm [--items N] [--work STEPS] [--workers W] [--threads T]\n");
    std::exit(2);
}

} // namespace

int main(int argc, char** argv)
{
    long items = 10000;
    long steps = 10000;
    long count = 8;
    unsigned threads = 1;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (i + 1 == argc)
            usage();
        if (arg == "--items")
            items = std::strtol(argv[++i], nullptr, 10);
        else if (arg == "--work")
            steps = std::strtol(argv[++i], nullptr, 10);
        else if (arg == "--workers")
            count = std::strtol(argv[++i], nullptr, 10);
        else if (arg == "--threads")
            threads = unsigned(std::strtoul(argv[++i], nullptr, 10));
        else
            usage();
    }
    if (items < 1 || steps < 1 || count < 1 || threads < 1)
        usage();

    std::uint64_t checksum = 0;
    Clock::duration elapsed{};
    int status = transit::run(farm(items, steps, count, checksum, elapsed), {.threads = threads});
    if (status != transit::exit_ok)
        return status;
    std::printf("farm transit threads=%u: %.1f ms, checksum %016llx\n", threads,
                std::chrono::duration<double, std::milli>(elapsed).count(), static_cast<unsigned long long>(checksum));
}
