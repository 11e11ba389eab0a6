//! Deskewing by projection profile: the angle at which the rows of ink are sharpest (the sum of
//! squared row counts is largest) is the angle the page was scanned at.

use crate::gray::Gray;

/// Largest skew looked for, in degrees.
const RANGE: f32 = 3.0;

/// The rotation (degrees, for [`Gray::rotated`]) that straightens the text lines of `image`.
pub fn skew_angle(image: &Gray, threshold: u8) -> f32 {
    // Every other column is plenty for the profile; every row is needed, or angle 0 would look
    // sharpest for sampling alone.
    let (cx, cy) = (image.width as f32 / 2.0, image.height as f32 / 2.0);
    let mut points: Vec<(f32, f32)> = Vec::new();
    for y in 0..image.height {
        for x in (0..image.width).step_by(2) {
            if image.get(x, y) <= threshold {
                points.push((x as f32 - cx, y as f32 - cy));
            }
        }
    }
    if points.len() < 100 {
        return 0.0;
    }
    // Each half of the page is profiled on its own: the lines of two columns need not be level
    // with each other, and a tilt that lines up the left column's lines with the right one's
    // would otherwise look sharpest.
    let score = |degrees: f32| {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let bins = image.height * 2 + 2;
        let mut rows = vec![0u32; bins * 2];
        for &(x, y) in &points {
            let row = -sin * x + cos * y + cy;
            if row >= 0.0 && (row as usize) < bins {
                rows[row as usize + if x < 0.0 { 0 } else { bins }] += 1;
            }
        }
        rows.iter()
            .map(|&count| (count as f64).powi(2))
            .sum::<f64>()
    };
    let best_of = |from: f32, to: f32, step: f32| {
        let mut best = (f64::MIN, 0.0f32);
        let mut angle = from;
        while angle <= to + step / 2.0 {
            let value = score(angle);
            if value > best.0 {
                best = (value, angle);
            }
            angle += step;
        }
        best.1
    };
    let coarse = best_of(-RANGE, RANGE, 0.5);
    let fine = best_of(coarse - 0.5, coarse + 0.5, 0.1);
    // A straight page may score marginally better a hair off zero: keep it as it is.
    if fine.abs() < 0.15 || score(fine) <= score(0.0) * 1.001 {
        0.0
    } else {
        fine
    }
}

/// `image` straightened, with the angle it was turned by.
pub fn deskew(image: &Gray, threshold: u8) -> (Gray, f32) {
    let angle = skew_angle(image, threshold);
    if angle == 0.0 {
        (image.clone(), 0.0)
    } else {
        (image.rotated(angle), angle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of dark dashes, like lines of characters.
    fn page() -> Gray {
        let mut image = Gray::white(1000, 600);
        for line in 0..16 {
            let top = 30 + line * 34;
            for y in top..top + 14 {
                for x in 40..960 {
                    if (x / 16) % 6 != 5 && (x % 16) < 13 {
                        image.pixels[y * 1000 + x] = 0;
                    }
                }
            }
        }
        image
    }

    #[test]
    fn a_straight_page_stays_straight() {
        assert_eq!(skew_angle(&page(), 128), 0.0);
    }

    #[test]
    fn columns_not_level_with_each_other_are_not_a_skew() {
        let mut image = Gray::white(800, 600);
        for line in 0..15 {
            for (left, offset) in [(40, 0), (420, 17)] {
                let top = 30 + line * 36 + offset;
                for y in top..top + 14 {
                    for x in left..left + 340 {
                        if (x / 16) % 6 != 5 && (x % 16) < 13 {
                            image.pixels[y * 800 + x] = 0;
                        }
                    }
                }
            }
        }
        assert_eq!(skew_angle(&image, 128), 0.0);
    }

    #[test]
    fn a_turned_page_is_turned_back() {
        let turned = page().rotated(-1.5);
        let angle = skew_angle(&turned, 128);
        assert!((angle - 1.5).abs() <= 0.2, "{angle}");
        let (straight, _) = deskew(&turned, 128);
        let again = skew_angle(&straight, 128);
        assert!(again.abs() <= 0.25, "{angle} then {again}");
    }
}
