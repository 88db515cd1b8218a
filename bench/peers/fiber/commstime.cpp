// Commstime (Welch's COMSTIME) written with Boost.Fiber's unbuffered_channel: the Boost.Fiber peer of Transit's
// examples/commstime, the same four processes and the same count of communications, on one thread.
//
//   prefix -> delta -> succ -> prefix, and delta -> consume
//
// Each cycle is four communications; consume times the cycles after the first and prints
// "commstime <variant> fiber: <x> ns/communication". Delta outputs to consume, then to succ;
// the par variant's delta outputs to both in parallel, as occam's PAR: two fibers per cycle, joined before the
// next input.
#include <boost/fiber/all.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace {

using Channel = boost::fibers::unbuffered_channel<long>;

long take(Channel& in)
{
    long value = 0;
    if (in.pop(value) != boost::fibers::channel_op_status::success) {
        std::fprintf(stderr, "commstime: channel closed\n");
        std::exit(1);
    }
    return value;
}

// prefix outputs 0, then copies its input to its output; it takes the last value without passing it on,
// so every fiber ends after exactly n cycles.
void prefix(long n, Channel& in, Channel& out)
{
    out.push(0);
    for (long i = 1; i < n; ++i)
        out.push(take(in));
    take(in);
}

void delta_seq(long n, Channel& in, Channel& to_consume, Channel& to_succ)
{
    for (long i = 0; i < n; ++i) {
        long x = take(in);
        to_consume.push(x);
        to_succ.push(x);
    }
}

void delta_par(long n, Channel& in, Channel& to_consume, Channel& to_succ)
{
    for (long i = 0; i < n; ++i) {
        long x = take(in);
        boost::fibers::fiber first([&] { to_consume.push(x); });
        boost::fibers::fiber second([&] { to_succ.push(x); });
        first.join();
        second.join();
    }
}

void succ(long n, Channel& in, Channel& out)
{
    for (long i = 0; i < n; ++i)
        out.push(take(in) + 1);
}

// consume returns the nanoseconds of cycles 2..n (the first one starts the clock).
double consume(long n, Channel& in)
{
    take(in);
    auto start = std::chrono::steady_clock::now();
    for (long i = 1; i < n; ++i) {
        long value = take(in);
        if (value != i) {
            std::fprintf(stderr, "commstime: consume read %ld, expected %ld\n", value, i);
            std::exit(1);
        }
    }
    return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count();
}

[[noreturn]] void usage()
{
    std::fprintf(stderr, "usage: commstime-fiber [--iterations N>=2] [--variant seq|par]\n");
    std::exit(2);
}

} // namespace

int main(int argc, char** argv)
{
    long n = 1000000;
    std::string_view variant = "seq";
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        if (arg == "--iterations" && i + 1 < argc)
            n = std::strtol(argv[++i], nullptr, 10);
        else if (arg == "--variant" && i + 1 < argc)
            variant = argv[++i];
        else
            usage();
    }
    if (n < 2 || (variant != "seq" && variant != "par"))
        usage();

    Channel a, b, c, d;
    double elapsed = 0;
    boost::fibers::fiber p([&] { prefix(n, c, a); });
    boost::fibers::fiber q([&] {
        if (variant == "seq")
            delta_seq(n, a, d, b);
        else
            delta_par(n, a, d, b);
    });
    boost::fibers::fiber r([&] { succ(n, b, c); });
    boost::fibers::fiber s([&] { elapsed = consume(n, d); });
    p.join();
    q.join();
    r.join();
    s.join();

    std::printf("commstime %.*s fiber: %.1f ns/communication\n", int(variant.size()), variant.data(),
                elapsed / double(4 * (n - 1)));
}
