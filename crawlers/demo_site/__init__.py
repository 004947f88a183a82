"""The bundled sample news site of `pharmanews demo`: its generator, gold builder and checker."""
