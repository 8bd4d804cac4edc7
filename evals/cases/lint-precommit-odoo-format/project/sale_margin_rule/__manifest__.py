{
    "name": "Sale Margin Rule",
    "version": "17.0.1.0.0",
    "category": "Sales",
    "license": "AGPL-3",
    "depends": ["sale"],
    "installable": True,
}
