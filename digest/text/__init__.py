"""Text: Arabic normalisation, sentence segmentation and the ids of paragraphs and sentences."""
