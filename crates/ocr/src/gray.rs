//! Gray page images: binary PGM (`P5`, what `pdftoppm -gray` writes and tesseract reads), Otsu's
//! threshold, rotation and cropping.

use crate::error::OcrError;

/// An 8-bit gray image, rows top to bottom, 0 black and 255 white.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width × height` samples.
    pub pixels: Vec<u8>,
}

impl Gray {
    /// A white image.
    pub fn white(width: usize, height: usize) -> Gray {
        Gray {
            width,
            height,
            pixels: vec![255; width * height],
        }
    }

    /// The sample at (`x`, `y`).
    pub fn get(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }

    /// Parses a binary PGM with a maximum value of 255.
    pub fn from_pgm(bytes: &[u8]) -> Result<Gray, OcrError> {
        let bad = OcrError::Image;
        let mut fields = Vec::with_capacity(4);
        let mut at = 0;
        while fields.len() < 4 {
            while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b'#') {
                if bytes[at] == b'#' {
                    while at < bytes.len() && bytes[at] != b'\n' {
                        at += 1;
                    }
                } else {
                    at += 1;
                }
            }
            let start = at;
            while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            if start == at {
                return Err(bad("truncated PGM header"));
            }
            fields.push(&bytes[start..at]);
        }
        if fields[0] != b"P5" {
            return Err(bad("not a binary PGM (P5) image"));
        }
        let number = |field: &[u8]| {
            std::str::from_utf8(field)
                .ok()
                .and_then(|text| text.parse::<usize>().ok())
                .ok_or_else(|| bad("bad number in PGM header"))
        };
        let (width, height, max) = (number(fields[1])?, number(fields[2])?, number(fields[3])?);
        if max != 255 {
            return Err(bad("PGM is not 8-bit"));
        }
        if width == 0 || height == 0 || width.saturating_mul(height) > 80_000_000 {
            return Err(bad("PGM has an impossible size"));
        }
        let data = bytes.get(at + 1..).unwrap_or_default();
        if data.len() < width * height {
            return Err(bad("PGM pixel data is truncated"));
        }
        Ok(Gray {
            width,
            height,
            pixels: data[..width * height].to_vec(),
        })
    }

    /// The image as a binary PGM.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut bytes = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        bytes.extend_from_slice(&self.pixels);
        bytes
    }

    /// Otsu's threshold: samples at or below it are ink.
    pub fn otsu(&self) -> u8 {
        let mut histogram = [0u64; 256];
        for &pixel in &self.pixels {
            histogram[pixel as usize] += 1;
        }
        let total = self.pixels.len() as f64;
        let sum: f64 = histogram
            .iter()
            .enumerate()
            .map(|(value, &count)| value as f64 * count as f64)
            .sum();
        let (mut weight, mut partial, mut best, mut threshold) = (0.0, 0.0, -1.0, 127u8);
        for (value, &count) in histogram.iter().enumerate() {
            weight += count as f64;
            if weight == 0.0 || weight == total {
                continue;
            }
            partial += value as f64 * count as f64;
            let dark = partial / weight;
            let light = (sum - partial) / (total - weight);
            let between = weight * (total - weight) * (dark - light).powi(2);
            if between > best {
                best = between;
                threshold = value as u8;
            }
        }
        threshold
    }

    /// Ink mask: `true` where the sample is at or below `threshold`.
    pub fn ink(&self, threshold: u8) -> Vec<bool> {
        self.pixels
            .iter()
            .map(|&pixel| pixel <= threshold)
            .collect()
    }

    /// The image turned by `degrees` (counter-clockwise positive) about its centre, same size,
    /// bilinear, new corners white.
    pub fn rotated(&self, degrees: f32) -> Gray {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let (cx, cy) = (self.width as f32 / 2.0, self.height as f32 / 2.0);
        let mut out = Gray::white(self.width, self.height);
        for y in 0..self.height {
            for x in 0..self.width {
                let (dx, dy) = (x as f32 - cx, y as f32 - cy);
                let sx = cos * dx - sin * dy + cx;
                let sy = sin * dx + cos * dy + cy;
                out.pixels[y * self.width + x] = self.sample(sx, sy);
            }
        }
        out
    }

    fn sample(&self, x: f32, y: f32) -> u8 {
        if x < 0.0 || y < 0.0 || x > (self.width - 1) as f32 || y > (self.height - 1) as f32 {
            return 255;
        }
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(self.width - 1), (y0 + 1).min(self.height - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let top = self.get(x0, y0) as f32 * (1.0 - fx) + self.get(x1, y0) as f32 * fx;
        let bottom = self.get(x0, y1) as f32 * (1.0 - fx) + self.get(x1, y1) as f32 * fx;
        (top * (1.0 - fy) + bottom * fy).round() as u8
    }

    /// The rectangle `[x0, x1) × [y0, y1)` with a white margin of `pad` pixels around it.
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize, pad: usize) -> Gray {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        let (w, h) = (x1.saturating_sub(x0), y1.saturating_sub(y0));
        let mut out = Gray::white(w + 2 * pad, h + 2 * pad);
        for row in 0..h {
            let source = &self.pixels[(y0 + row) * self.width + x0..][..w];
            out.pixels[(row + pad) * out.width + pad..][..w].copy_from_slice(source);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgm_round_trips_and_bad_images_are_errors() {
        let mut image = Gray::white(3, 2);
        image.pixels[4] = 0;
        let parsed = Gray::from_pgm(&image.to_pgm()).unwrap();
        assert_eq!(parsed, image);
        assert!(Gray::from_pgm(b"P5\n3 2\n255\n\x00").is_err());
        assert!(Gray::from_pgm(b"P6\n1 1\n255\n\x00\x00\x00").is_err());
        assert!(Gray::from_pgm(b"").is_err());
        assert!(Gray::from_pgm(b"P5\n# comment\n1 1\n255\n\x07").is_ok());
    }

    #[test]
    fn otsu_separates_ink_from_paper() {
        let mut image = Gray::white(10, 10);
        for pixel in image.pixels.iter_mut().take(30) {
            *pixel = 20;
        }
        let threshold = image.otsu();
        assert!((20..255).contains(&threshold), "{threshold}");
        assert_eq!(image.ink(threshold).iter().filter(|&&ink| ink).count(), 30);
    }
}
