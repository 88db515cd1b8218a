#include "transit/occam/lex/token.h"

#include <algorithm>
#include <array>

namespace transit::occam {
namespace {

struct Spelling {
  std::string_view text;
  Tok tok;
};

constexpr Spelling kKeywords[] = {
#define KEYWORD(id, spelling) {spelling, Tok::Kw##id},
#define SYMBOL(id, spelling)
#include "transit/occam/lex/tokens.def"
#undef KEYWORD
#undef SYMBOL
};

constexpr std::string_view kNames[] = {
    "end of file", "end of line", "indentation", "outdentation", "name", "integer literal",
    "real literal", "byte literal", "string literal", "invalid character",
#define KEYWORD(id, spelling) spelling,
#define SYMBOL(id, spelling) spelling,
#include "transit/occam/lex/tokens.def"
#undef KEYWORD
#undef SYMBOL
};
static_assert(std::size(kNames) == std::size_t(Tok::Count_), "one name per token kind");

constexpr bool sorted_keywords() {
  for (std::size_t i = 1; i < std::size(kKeywords); ++i)
    if (!(kKeywords[i - 1].text < kKeywords[i].text)) return false;
  return true;
}
static_assert(sorted_keywords(), "tokens.def keywords must stay in alphabetical order");

constexpr OccamPiWord kOccamPi[] = {
#define KEYWORD(id, spelling)
#define SYMBOL(id, spelling)
#define OCCAM_PI(id, spelling, feature) {spelling, feature},
#include "transit/occam/lex/tokens.def"
#undef KEYWORD
#undef SYMBOL
#undef OCCAM_PI
};

constexpr bool sorted_occam_pi() {
  for (std::size_t i = 1; i < std::size(kOccamPi); ++i)
    if (!(kOccamPi[i - 1].spelling < kOccamPi[i].spelling)) return false;
  return true;
}
static_assert(sorted_occam_pi(), "tokens.def occam-pi words must stay in alphabetical order");

}  // namespace

std::string_view token_name(Tok t) {
  auto i = std::size_t(t);
  return i < std::size(kNames) ? kNames[i] : "?";
}

Tok keyword_lookup(std::string_view word) {
  auto it = std::lower_bound(std::begin(kKeywords), std::end(kKeywords), word,
                             [](const Spelling& s, std::string_view w) { return s.text < w; });
  if (it != std::end(kKeywords) && it->text == word) return it->tok;
  return Tok::Name;
}

bool is_keyword(Tok t) { return t >= Tok::KwAfter && t <= Tok::KwWorkspace; }

const OccamPiWord* occam_pi_word(std::string_view word) {
  auto it = std::lower_bound(std::begin(kOccamPi), std::end(kOccamPi), word,
                             [](const OccamPiWord& w, std::string_view x) { return w.spelling < x; });
  return it != std::end(kOccamPi) && it->spelling == word ? &*it : nullptr;
}

std::string occam_pi_message(std::string_view feature) {
  return "occam-pi's " + std::string(feature) + " not supported by Transit";
}

std::string occam_pi_hint() {
  return "Transit compiles occam 2.1 with the KRoC extensions listed in docs/occam.md "
         "(\"Differences from KRoC\"); occam-pi's mobiles, barriers, FORK and the like are not among them";
}

}  // namespace transit::occam
