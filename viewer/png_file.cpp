// PNG files of drawn pictures (png_file.h).
#include "png_file.h"

#include <SDL.h>
#include <png.h>
#include <zlib.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

namespace transit::viewer {

namespace {

// libpng reports errors by longjmp to the png_struct's jmp_buf; the message is kept here first.
void on_png_error(png_structp png, png_const_charp message) {
  auto* text = static_cast<std::string*>(png_get_error_ptr(png));
  *text = message;
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

// Between setjmp and its longjmp only plain data lives (no destructors skipped).
bool write_rows(std::FILE* f, png_bytep* rows, int width, int height, std::string& error) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, on_png_error, on_png_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    error = "out of memory";
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_init_io(png, f);
  png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_set_compression_level(png, 1);
  png_set_compression_strategy(png, Z_RLE);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

std::string write_png_file(SDL_Surface* surface, const std::string& path) {
  const int w = surface->w, h = surface->h;
  std::vector<png_byte> rgb(std::size_t(w) * std::size_t(h) * 3);
  std::vector<png_bytep> rows(static_cast<std::size_t>(h));
  const SDL_PixelFormat& fmt = *surface->format;  // 8 bits a colour: masks and shifts, not SDL_GetRGB per pixel
  SDL_LockSurface(surface);
  for (int y = 0; y < h; ++y) {
    const auto* in = static_cast<const std::uint8_t*>(surface->pixels) + std::size_t(y) * std::size_t(surface->pitch);
    png_bytep out = rgb.data() + std::size_t(y) * std::size_t(w) * 3;
    rows[std::size_t(y)] = out;
    for (int x = 0; x < w; ++x) {
      std::uint32_t p;
      std::memcpy(&p, in + 4 * x, 4);
      out[3 * x] = png_byte((p & fmt.Rmask) >> fmt.Rshift);
      out[3 * x + 1] = png_byte((p & fmt.Gmask) >> fmt.Gshift);
      out[3 * x + 2] = png_byte((p & fmt.Bmask) >> fmt.Bshift);
    }
  }
  SDL_UnlockSurface(surface);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return path + ": cannot write the PNG: " + std::strerror(errno);
  std::string error;
  bool ok = write_rows(f, rows.data(), w, h, error);
  if (std::fclose(f) != 0 && ok) ok = false, error = std::strerror(errno);
  return ok ? "" : path + ": cannot write the PNG: " + error;
}

}  // namespace transit::viewer
