"""Machine translation: the Argos package's CTranslate2 model, called directly."""
