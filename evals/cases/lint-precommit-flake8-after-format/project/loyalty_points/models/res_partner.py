from odoo import models,fields
from odoo.exceptions import UserError


class ResPartner( models.Model ):
    _inherit="res.partner"

    loyalty_points = fields.Integer( default=0 )

    def add_points(self, points):
        for partner in self:
            partner.loyalty_points+=points
