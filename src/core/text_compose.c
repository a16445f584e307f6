/* text_compose.c - Vietnamese letters typed as a base letter plus combining marks (NFD, some
 * phone keyboards and old input methods) composed into the precomposed letter (NFC). */
#include "motcua/text.h"

#include "motcua/buf.h"
#include "text_compose_table.h"

#define VI_LETTERS (sizeof(vi_letters) / sizeof(vi_letters[0]))

/* The modifier (1 circumflex, 2 breve, 3 horn) of combining mark cp, 0 when it is not one. */
static int mark_mod(unsigned cp)
{
	switch (cp) {
	case 0x302: return 1;
	case 0x306: return 2;
	case 0x31B: return 3;
	default: return 0;
	}
}

/* The tone (1 grave, 2 acute, 3 tilde, 4 hook above, 5 dot below) of combining mark cp, 0
 * when it is not one. U+0340/U+0341 are the deprecated tone marks that Unicode maps to
 * U+0300/U+0301. */
static int mark_tone(unsigned cp)
{
	switch (cp) {
	case 0x300: case 0x340: return 1;
	case 0x301: case 0x341: return 2;
	case 0x303: return 3;
	case 0x309: return 4;
	case 0x323: return 5;
	default: return 0;
	}
}

/* The table entry of precomposed letter cp (binary search), or NULL. */
static const struct vi_letter *letter_of(unsigned cp)
{
	size_t lo = 0, hi = VI_LETTERS;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (vi_letters[mid].cp == cp)
			return &vi_letters[mid];
		if (vi_letters[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The precomposed letter made of base, mod and tone, or 0 when there is none (nor any
 * Vietnamese letter; mod == tone == 0 is the base itself). */
static unsigned letter_make(char base, int mod, int tone)
{
	if (mod == 0 && tone == 0)
		return (unsigned char)base;
	for (size_t i = 0; i < VI_LETTERS; i++)
		if (vi_letters[i].base == base && vi_letters[i].mod == mod &&
		    vi_letters[i].tone == tone)
			return vi_letters[i].cp;
	return 0;
}

/* Append code point cp (< 0x10000) as UTF-8. */
static void put_cp(struct buf *out, unsigned cp)
{
	char b[3];
	if (cp < 0x80) {
		buf_putc(out, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		buf_append(out, b, 2);
	} else {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		buf_append(out, b, 3);
	}
}

/* True for the ASCII bases of Vietnamese vowels. */
static bool is_base(unsigned cp)
{
	switch (cp) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
	case 'A': case 'E': case 'I': case 'O': case 'U': case 'Y':
		return true;
	default:
		return false;
	}
}

/* See text.h. */
void text_compose_vi(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;
	while (i < n) {
		size_t len;
		unsigned cp = utf8_decode(s + i, n - i, &len);
		char base = 0;
		int mod = 0, tone = 0;
		if (is_base(cp)) {
			base = (char)cp;
		} else if (cp >= 0xC0) {
			const struct vi_letter *l = letter_of(cp);
			if (l) {
				base = l->base;
				mod = l->mod;
				tone = l->tone;
			}
		}
		size_t j = i + len;
		bool took = false;
		while (base && j < n) {
			size_t mlen;
			unsigned m = utf8_decode(s + j, n - j, &mlen);
			int dm = mark_mod(m), dt = mark_tone(m);
			if ((dm && mod) || (dt && tone) || (!dm && !dt))
				break;
			int nm = dm ? dm : mod, nt = dt ? dt : tone;
			if (!letter_make(base, nm, nt))
				break;
			mod = nm;
			tone = nt;
			took = true;
			j += mlen;
		}
		if (took)
			put_cp(out, letter_make(base, mod, tone));
		else
			buf_append(out, s + i, len);
		i = j;
	}
	buf_str(out);
}
