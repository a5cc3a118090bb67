"""Brand colours: every palette theme and the WCAG contrast arithmetic."""

from django.test import SimpleTestCase

from core.colours import (
    PALETTE,
    WCAG_AA_NORMAL,
    contrast_ratio,
    passes_aa,
    relative_luminance,
)


class ColourTests(SimpleTestCase):
    def test_every_palette_theme_meets_wcag_aa(self):
        """Text on every palette colour reads at 4.5:1 or more."""
        for slug, theme in PALETTE.items():
            with self.subTest(theme=slug):
                ratio = contrast_ratio(theme.primary, theme.on_primary)
                self.assertGreaterEqual(ratio, WCAG_AA_NORMAL)

    def test_contrast_ratio_of_known_pairs(self):
        """Black on white is 21:1, a colour on itself 1:1, #777 on white 4.48:1,
        whichever comes first."""
        cases = [
            ("#000000", "#ffffff", 21.0),
            ("#ffffff", "#000000", 21.0),
            ("#9b1c1c", "#9b1c1c", 1.0),
            ("#777777", "#ffffff", 4.48),
            ("#767676", "#FFFFFF", 4.54),
        ]
        for first, second, expected in cases:
            with self.subTest(first=first, second=second):
                self.assertAlmostEqual(contrast_ratio(first, second), expected, 2)

    def test_aa_threshold(self):
        """#767676 on white passes AA, #777777 does not."""
        self.assertIs(passes_aa("#767676", "#ffffff"), True)
        self.assertIs(passes_aa("#777777", "#ffffff"), False)

    def test_malformed_colours_are_refused(self):
        """Only #rrggbb is understood."""
        for value in ("#fff", "red", "#12345g", "123456", ""):
            with self.subTest(value=value), self.assertRaises(ValueError):
                relative_luminance(value)
