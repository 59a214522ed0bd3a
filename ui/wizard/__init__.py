"""The wizard: one report, step by step, generated from its kind file."""

from ui.wizard.window import WizardWindow

__all__ = ["WizardWindow"]
