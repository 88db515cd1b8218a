// Pipelines of Transit processes: how a chain of communicating stages fares on one core and on all cores
// (bench/README.md, section 35-pipeline; Go peer peers/go/pipeline.go).
//
//   source -> stage x S -> sink        (P such pipelines side by side, independent of each other)
//
// Each source sends V values; each stage burns `work` xorshift steps on a value and passes it on; each sink adds
// up what arrives. One long pipeline (P = 1, S = 1000) keeps all its stages busy at once but every value crosses
// every stage; many short independent ones (P = 100) are work several cores can share without talking.
#include <transit/transit.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

namespace {

using Clock = std::chrono::steady_clock;
using Link = transit::Channel<std::uint64_t>;

// `steps` rounds of xorshift64 on x (the same loop as the Go peer).
std::uint64_t burn(std::uint64_t x, long steps)
{
    for (long i = 0; i < steps; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    return x;
}

transit::Proc source(long values, Link& out)
{
    for (long v = 1; v <= values; ++v)
        co_await out.send(std::uint64_t(v));
}

transit::Proc stage(long values, long work, Link& in, Link& out)
{
    for (long v = 0; v < values; ++v)
        co_await out.send(burn(co_await in.recv(), work) + 1);
}

transit::Proc sink(long values, Link& in, std::uint64_t& sum)
{
    for (long v = 0; v < values; ++v)
        sum += co_await in.recv();
}

transit::Proc stages_of(long stages, long values, long work, Link* links)
{
    co_await transit::par_for(0L, stages, [&](long s) { return stage(values, work, links[s], links[s + 1]); });
}

// One pipeline: links[0] leaves the source, links[S] enters the sink.
transit::Proc pipeline(long stages, long values, long work, std::uint64_t& sum)
{
    auto links = std::make_unique<Link[]>(std::size_t(stages + 1));
    co_await transit::par(source(values, links[0]), stages_of(stages, values, work, links.get()),
                          sink(values, links[stages], sum));
}

transit::Proc pipelines(long count, long stages, long values, long work, std::uint64_t* sums)
{
    co_await transit::par_for(0L, count, [&](long p) { return pipeline(stages, values, work, sums[p]); });
}

[[noreturn]] void usage()
{
    std::fprintf(stderr, "usage: pipeline [--pipelines P] [--stages S] [--values V] [--work STEPS] [--threads T]\n");
    std::exit(2);
}

} // namespace

int main(int argc, char** argv)
{
    long count = 1;
    long stages = 1000;
    long values = 1000;
    long work = 0;
    unsigned threads = 1;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (i + 1 == argc)
            usage();
        if (arg == "--pipelines")
            count = std::strtol(argv[++i], nullptr, 10);
        else if (arg == "--stages")
            stages = std::strtol(argv[++i], nullptr, 10);
        else if (arg == "--values")
            values = std::strtol(argv[++i], nullptr, 10);
        else if (arg == "--work")
            work = std::strtol(argv[++i], nullptr, 10);
        else if (arg == "--threads")
            threads = unsigned(std::strtoul(argv[++i], nullptr, 10));
        else
            usage();
    }
    if (count < 1 || stages < 1 || values < 1 || work < 0 || threads < 1)
        usage();
    auto sums = std::make_unique<std::uint64_t[]>(std::size_t(count));
    auto start = Clock::now();
    int status = transit::run(pipelines(count, stages, values, work, sums.get()), {.threads = threads});
    double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
    if (status != transit::exit_ok)
        return status;
    std::uint64_t checksum = 0;
    for (long p = 0; p < count; ++p)
        checksum += sums[p];
    double hops = double(count) * double(values) * double(stages + 1);
    std::printf("pipeline transit threads=%u: %.1f ms, %.1f ns/hop, checksum %016llx\n", threads, ns / 1e6, ns / hops,
                static_cast<unsigned long long>(checksum));
}
