//! Measuring extraction and splitting against ground truth.
