from app.units import CM_PER_INCH


def box_volume_cm3(width_in, height_in, depth_in):
    """The volume of a box measured in inches, in cubic centimetres."""
    return (width_in * CM_PER_INCH) * (height_in * CM_PER_INCH) * (depth_in * CM_PER_INCH)
