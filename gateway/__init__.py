"""distillguard: a gateway that meters model APIs per account and stops distillation harvesting."""

__version__ = "0.1.0"
