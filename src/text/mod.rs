//! Text processing: normalisation, language identification, sentence segmentation.

pub mod lang;
pub mod normalize;
pub mod segment;
