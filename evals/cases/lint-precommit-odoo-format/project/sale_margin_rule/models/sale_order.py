from odoo import models,fields,api
from odoo.exceptions import UserError


class SaleOrder( models.Model ):
    _inherit="sale.order"

    min_margin = fields.Float( string='Minimum margin (%)',default=10.0 )

    @api.constrains("min_margin")
    def _check_min_margin(self):
        for order in self:
            if order.min_margin<0 or order.min_margin>100:
                raise UserError( "The minimum margin must be between 0 and 100." )
