// A drawn picture written as a PNG with libpng, tuned for pictures of flat colours: each row filtered
// by its left neighbour (SUB) and compressed as runs (zlib's Z_RLE, level 1). SDL2_image's IMG_SavePNG
// tried every filter per row at zlib's default level: three quarters of a headless picture's time.
#pragma once

#include <string>

struct SDL_Surface;

namespace transit::viewer {

// Writes `surface` (32 bits a pixel, 8 bits a colour: the software renderer's RGB888) to `path`; the error, or "".
std::string write_png_file(SDL_Surface* surface, const std::string& path);

}  // namespace transit::viewer
