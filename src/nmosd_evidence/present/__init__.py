"""How anything looks: number formats, the table style, the chart house style, reference lists,
citation exports and template rendering. Handed frames and numbers; never reads the data package."""
