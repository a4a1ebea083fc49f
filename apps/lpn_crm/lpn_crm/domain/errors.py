"""Errors a person reads, carried as a fixed message template and its values.

The template is what the translation files know (`"{0} is not an amount"`); the values are formatted in
after translation, so a Thai or Burmese screen shows the whole sentence in its language:
`_(error.template).format(*error.values)`. `str(error)` is the English sentence, for logs and tests.
"""


class DomainError(ValueError):
	"""A rule of the domain was broken; `template` and `values` say which, in words for a person."""

	def __init__(self, template: str, *values: object):
		self.template = template
		self.values = values
		super().__init__(template.format(*values) if values else template)
