{
    "name": "Loyalty Points",
    "version": "17.0.1.0.0",
    "category": "Sales",
    "license": "AGPL-3",
    "depends": ["contacts"],
    "installable": True,
}
