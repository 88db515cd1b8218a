// NetError: a network channel's fault (transit/net.h). It stops the program like a RuntimeError,
// and transit::run returns exit_network_error for it.
#pragma once

#include "transit/error.h"

namespace transit::net {

inline constexpr int exit_network_error = 6;

class NetError : public RuntimeError {
 public:
  using RuntimeError::RuntimeError;
};

}  // namespace transit::net
